import { createContext, useContext } from "solid-js";
import { readTestOptions } from "../../lib/testOptions.ts";
import {
  buildRequestContent,
  buildResponseContent,
  DEFAULT_REQUEST_TIMEOUT_MS,
  newRequestId,
  type ShareSide,
} from "../../lib/screenshareEvents.ts";
import type { ScreenshareCardData } from "../../matrix/callTimeline.ts";
import { memberNameOf, type CallPeer } from "../../matrix/createCallPeer.ts";
import type { Calls } from "../../matrix/createCalls.ts";
import { sendMessageContent } from "../../matrix/send.ts";
import type { MatrixSession } from "../../matrix/session.ts";

/**
 * Screen-sharing requests in direct chats: asking, and answering on the request's card. The
 * request is a message (lib/screenshareEvents.ts); its answer starts a 1:1 call from the
 * answering click, and the requester's browser takes that call without ringing.
 */
export interface Screenshare {
  readonly calls: Calls;
  /**
   * Sends a request in a direct chat.
   * @param share - whose screen is shown (default: the peer's)
   * @throws SendFailedError when the message could not be sent
   */
  request(roomId: string, peer: CallPeer, share?: ShareSide): Promise<void>;
  /**
   * Accepts a request addressed to me; call it from the Accept click. When I am the one to share,
   * the screen is captured first, then the Accept is sent and the call placed.
   * @throws UserFacingError when the screen or microphone is refused, SendFailedError
   */
  accept(roomId: string, card: ScreenshareCardData): Promise<void>;
  decline(roomId: string, card: ScreenshareCardData): Promise<void>;
  cancel(roomId: string, card: ScreenshareCardData): Promise<void>;
  /** A member's display name in a room (their localpart when they have none). */
  nameOf(roomId: string, userId: string): string;
}

/**
 * Builds the screen-sharing actions over a session and its calls.
 * @param storage - where the test options live (`window.localStorage`)
 */
export function makeScreenshare(
  session: MatrixSession,
  calls: Calls,
  storage: Pick<Storage, "getItem"> = window.localStorage,
): Screenshare {
  const timeoutMs = readTestOptions(storage).screenshareTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const me = session.userId;
  const respond = (
    roomId: string,
    card: ScreenshareCardData,
    action: "accept" | "decline" | "cancel",
  ): Promise<void> =>
    sendMessageContent(
      session,
      roomId,
      buildResponseContent(
        { requestId: card.requestId, action, requestEventId: card.eventId },
        memberNameOf(session, roomId, me),
      ),
    );

  return {
    calls,
    async request(roomId, peer, share = "responder") {
      const request = { requestId: newRequestId(), to: peer.userId, share, timeoutMs };
      await sendMessageContent(
        session,
        roomId,
        buildRequestContent(request, memberNameOf(session, roomId, me), peer.name),
      );
    },
    accept(roomId, card) {
      const sendAccept = () => respond(roomId, card, "accept");
      return card.share === "responder"
        ? calls.placeSharing(roomId, card.requester, sendAccept)
        : calls.placeVoice(roomId, card.requester, sendAccept);
    },
    decline: (roomId, card) => respond(roomId, card, "decline"),
    cancel: (roomId, card) => respond(roomId, card, "cancel"),
    nameOf: (roomId, userId) => memberNameOf(session, roomId, userId),
  };
}

/** Carries the {@link Screenshare} of the signed-in app to chat headers and timeline cards. */
export const ScreenshareContext = createContext<Screenshare>();

/** The {@link Screenshare} in scope, or undefined outside the signed-in app (tests, previews). */
export const useScreenshare = (): Screenshare | undefined => useContext(ScreenshareContext);
