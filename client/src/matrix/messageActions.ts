import { EventType, type MatrixClient } from "matrix-js-sdk";
import { makeLogger } from "../lib/logger.ts";
import { UserFacingError } from "../lib/userFacingError.ts";
import { toUserFacingError } from "./errors.ts";
import { textContentOf, type OutgoingText } from "./send.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/**
 * Replies, edits, reactions and deletions, in the spec's event shapes (what Element sends and
 * reads). The content builders are pure; the senders go through the session's client, whose
 * requests already wait out the server's 429s.
 */

/**
 * Content of a reply: `m.in_reply_to`, and `m.mentions` naming the person answered (so their
 * client notifies them), without the quoted fallback the spec dropped in v1.13.
 * @param text - the reply as the composer produced it
 * @param original - the answered message's event ID and sender
 * @param myUserId - the sender, who is never mentioned by their own reply
 * @returns `m.room.message` content
 */
export function replyContentOf(
  text: OutgoingText,
  original: { eventId: string; sender: string },
  myUserId: string,
): Record<string, unknown> {
  const users = new Set(text.mentions?.user_ids ?? []);
  if (original.sender !== myUserId) users.add(original.sender);
  return {
    ...textContentOf(text),
    "m.relates_to": { "m.in_reply_to": { event_id: original.eventId } },
    "m.mentions": {
      ...(users.size > 0 ? { user_ids: [...users] } : {}),
      ...(text.mentions?.room ? { room: true } : {}),
    },
  };
}

/**
 * Content of an edit (`m.replace`): the new text in `m.new_content` (with its mentions), and a
 * `* ` fallback for clients that do not apply edits. The edit itself mentions nobody
 * (`m.mentions: {}`), so it does not notify again.
 * @param text - the new text
 * @param eventId - the message edited
 * @returns `m.room.message` content
 */
export function editContentOf(text: OutgoingText, eventId: string): Record<string, unknown> {
  const fallback: OutgoingText = {
    body: `* ${text.body}`,
    ...(text.html === undefined ? {} : { html: `* ${text.html}` }),
  };
  return {
    ...textContentOf(fallback),
    "m.new_content": textContentOf(text),
    "m.relates_to": { rel_type: "m.replace", event_id: eventId },
    "m.mentions": {},
  };
}

/**
 * Content of a reaction (`m.reaction` with an `m.annotation` relation).
 * @param eventId - the message reacted to
 * @param key - the emoji
 * @returns `m.reaction` content
 */
export function reactionContentOf(eventId: string, key: string): Record<string, unknown> {
  return { "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key } };
}

const log = makeLogger("messages");

async function readable<T>(client: MatrixClient, run: () => Promise<T>, what: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const reason = toUserFacingError(error, client.baseUrl);
    throw new UserFacingError(`${what} ${reason.message}`, { cause: error });
  }
}

/**
 * Sends a reaction.
 * @param session - the running session
 * @param roomId - the room
 * @param eventId - the message reacted to
 * @param key - the emoji
 * @throws UserFacingError naming what failed
 */
export async function sendReaction(
  session: MatrixSession,
  roomId: string,
  eventId: string,
  key: string,
): Promise<void> {
  const client = matrixClientOf(session);
  await readable(
    client,
    // The SDK's typed event map wants its own content type; the shape is the spec's.
    () => client.sendEvent(roomId, EventType.Reaction, reactionContentOf(eventId, key) as never),
    "Your reaction was not sent.",
  );
}

/**
 * Deletes (redacts) an event: a message, or one's own reaction.
 * @param session - the running session
 * @param roomId - the room
 * @param eventId - the event to delete
 * @param what - the sentence that starts the error, e.g. "The message was not deleted."
 * @throws UserFacingError naming what failed
 */
export async function redactEvent(
  session: MatrixSession,
  roomId: string,
  eventId: string,
  what: string,
): Promise<void> {
  const client = matrixClientOf(session);
  await readable(client, () => client.redactEvent(roomId, eventId), what);
}

/**
 * Tells the room that the person is typing, or stopped. Typing is a courtesy: a failure is
 * logged and never shown.
 * @param session - the running session
 * @param roomId - the room
 * @param typing - typing or stopped
 * @param timeoutMs - how long the server shows "typing" unless told again
 */
export function sendTyping(
  session: MatrixSession,
  roomId: string,
  typing: boolean,
  timeoutMs: number,
): void {
  matrixClientOf(session)
    .sendTyping(roomId, typing, timeoutMs)
    .catch((error: unknown) => log.info("typing notification not sent", error));
}
