/**
 * What relates one message to another, as the spec shapes it and Element sends it: reactions
 * (`m.annotation`), replies (`m.in_reply_to`) and threads (`m.thread`). Pure functions over the
 * plain events of `timelineItems.ts`, so the rules are tested with literal objects.
 */

/** One emoji under a message: how many reacted with it, whether you did, and who. */
export type ReactionGroup = {
  /** The reaction's key, usually one emoji. */
  key: string;
  count: number;
  /** The signed-in person reacted with this key. */
  mine: boolean;
  /** The event ID of your own reaction (what a second click redacts); absent while it sends. */
  myEventId?: string;
  /** Display names of those who reacted, in the order they did. */
  senders: readonly string[];
};

/** The message a reply answers, as the quote above the reply shows it. */
export type ReplyQuote = {
  eventId: string;
  /** Absent when the original is not loaded (older history): the quote offers to find it. */
  senderName?: string;
  /** The original's first line, or what it is ("a file", "Message deleted"). */
  preview?: string;
};

/** A message that belongs to a thread (sent from Element's thread view). */
export type ThreadMark = {
  rootId: string;
  /** The thread root's first line, when it is loaded. */
  rootPreview?: string;
};

/** The plain event shape the relation rules read. */
export type RelationEvent = {
  id: string;
  type: string;
  sender: string;
  senderName: string;
  content: Record<string, unknown>;
  redacted: boolean;
  sendState: "sent" | "pending" | "failed";
};

/** The value as a JSON object, or undefined (event content is untrusted). */
export const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const asString = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/** The longest reaction key shown; longer ones (not emoji, or abuse) are cut. */
const MAX_KEY_LENGTH = 64;

/**
 * Groups the reactions in `events` by the message they annotate, then by key. One person counts
 * once per key (a client that sends the same reaction twice is not counted twice); redacted and
 * failed reactions do not count; groups keep the order their first reaction came in.
 * @param events - the room's events, oldest first
 * @param myUserId - the signed-in person
 * @returns reaction groups per annotated event ID
 */
export function reactionsByTarget(
  events: readonly RelationEvent[],
  myUserId: string,
): Map<string, ReactionGroup[]> {
  const byTarget = new Map<string, Map<string, { senders: Map<string, string>; mine?: string }>>();
  for (const event of events) {
    if (event.type !== "m.reaction" || event.redacted || event.sendState === "failed") continue;
    const relation = asRecord(event.content["m.relates_to"]);
    const target = asString(relation?.["event_id"]);
    const key = asString(relation?.["key"]);
    if (relation?.["rel_type"] !== "m.annotation" || !target || !key) continue;
    const groups = byTarget.get(target) ?? new Map();
    byTarget.set(target, groups);
    const shownKey = key.length > MAX_KEY_LENGTH ? `${key.slice(0, MAX_KEY_LENGTH)}…` : key;
    const group = groups.get(shownKey) ?? { senders: new Map<string, string>() };
    groups.set(shownKey, group);
    if (group.senders.has(event.sender)) continue;
    group.senders.set(event.sender, event.senderName);
    if (event.sender === myUserId && event.sendState === "sent") group.mine = event.id;
  }
  const result = new Map<string, ReactionGroup[]>();
  for (const [target, groups] of byTarget) {
    result.set(
      target,
      [...groups].map(([key, group]) => ({
        key,
        count: group.senders.size,
        mine: group.senders.has(myUserId),
        ...(group.mine ? { myEventId: group.mine } : {}),
        senders: [...group.senders.values()],
      })),
    );
  }
  return result;
}

/**
 * The event a message replies to. A thread message's `m.in_reply_to` with `is_falling_back` is
 * only there for clients without threads, so it is not a reply.
 * @param content - the message content
 * @returns the replied-to event ID, if the message is a real reply
 */
export function replyTargetOf(content: Record<string, unknown>): string | undefined {
  const relation = asRecord(content["m.relates_to"]);
  if (relation?.["rel_type"] === "m.thread" && relation["is_falling_back"] === true)
    return undefined;
  return asString(asRecord(relation?.["m.in_reply_to"])?.["event_id"]);
}

/**
 * The thread a message belongs to (`rel_type: m.thread`).
 * @param content - the message content
 * @returns the thread root's event ID, if any
 */
export function threadRootOf(content: Record<string, unknown>): string | undefined {
  const relation = asRecord(content["m.relates_to"]);
  return relation?.["rel_type"] === "m.thread" ? asString(relation["event_id"]) : undefined;
}

/** What a quote says about a message: its first line, or what kind of message it is. */
export function previewOf(message: {
  body: string;
  redacted: boolean;
  encrypted: boolean;
  file?: { name: string };
}): string {
  if (message.redacted) return "Message deleted";
  if (message.encrypted) return "Encrypted message";
  const line = message.body.split("\n").find((l) => l.trim() !== "") ?? "";
  if (line !== "") return line.length > 140 ? `${line.slice(0, 140)}…` : line;
  return message.file ? `File: ${message.file.name}` : "Message";
}
