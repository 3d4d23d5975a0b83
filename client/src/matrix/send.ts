import { MatrixError, MsgType, type MatrixClient, type MatrixEvent } from "matrix-js-sdk";
import { UserFacingError } from "../lib/userFacingError.ts";
import type { RoomMessageEventContent } from "matrix-js-sdk/lib/@types/events.js";
import { toUserFacingError } from "./errors.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/** A text message as the composer produced it. */
export type OutgoingText = {
  /** Plain text, always present and readable on its own (notifications, plain clients). */
  body: string;
  /** Sanitised HTML; only set when the person used formatting. */
  html?: string;
  /** Who the message mentions (`m.mentions`); absent when nobody. */
  mentions?: { user_ids?: string[]; room?: boolean };
};

/**
 * A send that the server refused or never received. The message stays in the room as unsent
 * (the SDK's local echo), so it can be retried with {@link retrySend} or dropped with
 * {@link discardSend}.
 */
export class SendFailedError extends UserFacingError {
  override name = "SendFailedError";
  /** Handle for {@link retrySend} / {@link discardSend}; null when nothing can be retried. */
  readonly failedId: string | null;

  constructor(message: string, failedId: string | null, options?: { cause?: unknown }) {
    super(message, options);
    this.failedId = failedId;
  }
}

/**
 * The event content for a text message: `format`/`formatted_body` only when there is HTML, so
 * unformatted messages stay plain for every client; `m.mentions` always, so only the people it
 * names are notified (an empty one means nobody, and a name merely written in the text does
 * not ping anyone, as with Element).
 * @param text - body, optional HTML and mentions
 * @returns `m.room.message` content
 */
export function textContentOf(text: OutgoingText): Record<string, unknown> {
  const content: Record<string, unknown> = { msgtype: MsgType.Text, body: text.body };
  if (text.html !== undefined) {
    content["format"] = "org.matrix.custom.html";
    content["formatted_body"] = text.html;
  }
  content["m.mentions"] = text.mentions ?? {};
  return content;
}

// Unsent events stay inside src/matrix/: features only hold their string handle.
const failedSends = new WeakMap<MatrixClient, Map<string, MatrixEvent>>();
let nextFailedId = 1;

function failedOf(client: MatrixClient): Map<string, MatrixEvent> {
  let map = failedSends.get(client);
  if (!map) {
    map = new Map();
    failedSends.set(client, map);
  }
  return map;
}

function toSendFailed(client: MatrixClient, error: unknown): SendFailedError {
  const event = error instanceof MatrixError ? error.event : undefined;
  let failedId: string | null = null;
  if (event) {
    failedId = `failed-${nextFailedId++}`;
    failedOf(client).set(failedId, event);
  }
  const readable = toUserFacingError(error, client.baseUrl);
  return new SendFailedError(`Your message was not sent. ${readable.message}`, failedId, {
    cause: error,
  });
}

/**
 * Sends any message content to a room.
 * @param session - the running session
 * @param roomId - the room
 * @param content - `m.room.message` content
 * @throws SendFailedError with a readable message and a retry handle
 */
export async function sendMessageContent(
  session: MatrixSession,
  roomId: string,
  content: Record<string, unknown>,
): Promise<void> {
  const client = matrixClientOf(session);
  try {
    // The SDK's typed content union is stricter than our plain record; the shapes are the spec's.
    await client.sendMessage(roomId, content as unknown as RoomMessageEventContent);
  } catch (error) {
    throw toSendFailed(client, error);
  }
}

/**
 * Sends a text message (plain, or HTML with a plain fallback body).
 * @param session - the running session
 * @param roomId - the room
 * @param text - see {@link OutgoingText}
 * @throws SendFailedError
 * @example
 * await sendText(session, roomId, { body: "hello **all**", html: "hello <b>all</b>" });
 */
export async function sendText(
  session: MatrixSession,
  roomId: string,
  text: OutgoingText,
): Promise<void> {
  await sendMessageContent(session, roomId, textContentOf(text));
}

/**
 * Sends a failed message again (same event, so other clients never see it twice).
 * @param session - the running session
 * @param failedId - {@link SendFailedError.failedId}
 * @throws SendFailedError when it fails again (with a new handle)
 */
export async function retrySend(session: MatrixSession, failedId: string): Promise<void> {
  const client = matrixClientOf(session);
  const event = failedOf(client).get(failedId);
  const room = event ? client.getRoom(event.getRoomId()) : null;
  if (!event || !room) throw new UserFacingError("That message can no longer be sent again.");
  failedOf(client).delete(failedId);
  try {
    await client.resendEvent(event, room);
  } catch (error) {
    throw toSendFailed(client, error);
  }
}

/**
 * Drops a failed message so it no longer shows as unsent.
 * @param session - the running session
 * @param failedId - {@link SendFailedError.failedId}
 */
export function discardSend(session: MatrixSession, failedId: string): void {
  const client = matrixClientOf(session);
  const event = failedOf(client).get(failedId);
  failedOf(client).delete(failedId);
  if (event) client.cancelPendingEvent(event);
}
