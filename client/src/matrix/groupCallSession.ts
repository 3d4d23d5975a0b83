/**
 * The Matrix half of a group meeting: the room's MatrixRTC session (who is in the call) and the
 * LiveKit credentials for it. Synapse says where the token service is (its MatrixRTC transports
 * endpoint); the service wants an OpenID token and answers `{url, jwt}` for members only. The
 * LiveKit half lives in `features/meetings/`.
 */
import type { MatrixClient } from "matrix-js-sdk";
import { MatrixRTCSessionEvent } from "matrix-js-sdk/lib/matrixrtc/index.js";
import { createSignal, onCleanup, type Accessor } from "solid-js";
import { makeLogger } from "../lib/logger.ts";
import { UserFacingError } from "../lib/userFacingError.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

const log = makeLogger("group-call");

/** The MatrixRTC slot of a room's one call (Element Call's, too). */
export const ROOM_CALL_SLOT = "m.call#ROOM";

/** Where a browser connects to LiveKit, and with what. */
export type SfuCredentials = { url: string; jwt: string };

/** A room's call as far as Matrix knows it. */
export type GroupCallSession = {
  /** User IDs with a call membership in the room (one entry per person), live. */
  members: Accessor<string[]>;
  /** Gets LiveKit credentials (members only), then announces this device in the call. */
  join(): Promise<SfuCredentials>;
  /** Withdraws this device's call membership. */
  leave(): Promise<void>;
};

type RtcSession = ReturnType<MatrixClient["matrixRTC"]["getRoomSession"]>;
type Transport = Awaited<ReturnType<MatrixClient["_unstable_getRTCTransports"]>>[number];

/**
 * The token service Synapse advertises (MatrixRTC transports), or a sentence saying there is none.
 * @param client - the SDK client
 * @returns the LiveKit transport, with its service URL as `url`
 */
export async function livekitTransport(client: MatrixClient): Promise<Transport & { url: string }> {
  let transports: Transport[];
  try {
    transports = await client._unstable_getRTCTransports();
  } catch (error) {
    throw new UserFacingError("Meetings are not set up on this server.", { cause: error });
  }
  for (const transport of transports) {
    const url = (transport as { livekit_service_url?: unknown }).livekit_service_url;
    if (transport.type === "livekit" && typeof url === "string") return { ...transport, url };
  }
  throw new UserFacingError("Meetings are not set up on this server.");
}

/**
 * `POST <service>/sfu/get` (lk-jwt-service's contract) with a fresh OpenID token. This endpoint,
 * not `/get_token`, because js-sdk announces this device with a call membership state event,
 * whose LiveKit identity js-sdk (and Element Call) expect as `<user>:<device>`, which is what
 * `/sfu/get` issues; `/get_token`'s hashed identity belongs to sticky-event memberships.
 * @param client - the SDK client
 * @param serviceUrl - the transport's `livekit_service_url`
 * @param roomId - the room of the call (its slot is always `m.call#ROOM`)
 * @returns LiveKit's URL and a join token; the service's own error text when it refuses
 */
export async function fetchCredentials(
  client: MatrixClient,
  serviceUrl: string,
  roomId: string,
): Promise<SfuCredentials> {
  const openid = await client.getOpenIdToken();
  let response: Response;
  try {
    response = await fetch(`${serviceUrl.replace(/\/+$/, "")}/sfu/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        room: roomId,
        openid_token: openid,
        device_id: client.getDeviceId(),
      }),
    });
  } catch (error) {
    throw new UserFacingError("Can't reach the meeting service. Try again in a moment.", {
      cause: error,
    });
  }
  const body = (await response.json().catch(() => ({}))) as Partial<SfuCredentials> & {
    error?: string;
  };
  if (!response.ok || typeof body.url !== "string" || typeof body.jwt !== "string") {
    throw new UserFacingError(
      body.error ?? `The meeting service refused to let you join (HTTP ${response.status}).`,
    );
  }
  return { url: body.url, jwt: body.jwt };
}

function membersOf(rtc: RtcSession): string[] {
  return [...new Set(rtc.memberships.map((m) => m.sender))].sort();
}

/**
 * Follows the room's MatrixRTC session and joins it on demand. Call inside a reactive owner:
 * listeners go, and a joined call is left, with it.
 * @param session - the signed-in session
 * @param roomId - a room the person is joined to
 */
export function createGroupCallSession(session: MatrixSession, roomId: string): GroupCallSession {
  const client = matrixClientOf(session);
  const room = client.getRoom(roomId);
  if (!room) throw new UserFacingError("This chat is not loaded yet. Try again in a moment.");
  const rtc = client.matrixRTC.getRoomSession(room);
  const [members, setMembers] = createSignal(membersOf(rtc));
  const update = () => setMembers(membersOf(rtc));
  rtc.on(MatrixRTCSessionEvent.MembershipsChanged, update);
  onCleanup(() => {
    rtc.off(MatrixRTCSessionEvent.MembershipsChanged, update);
    if (rtc.isJoined()) void rtc.leaveRoomSession(5_000);
  });

  return {
    members,
    async join() {
      const transport = await livekitTransport(client);
      const userId = client.getSafeUserId();
      const deviceId = client.getDeviceId() ?? "";
      const memberId = `${userId}:${deviceId}`;
      const credentials = await fetchCredentials(client, transport.url, roomId);
      const { url: _url, ...focus } = transport;
      rtc.joinRTCSession({ userId, deviceId, memberId }, [focus as Transport]);
      log.info("joined the call", { room: roomId });
      return credentials;
    },
    async leave() {
      if (rtc.isJoined()) await rtc.leaveRoomSession(5_000);
    },
  };
}
