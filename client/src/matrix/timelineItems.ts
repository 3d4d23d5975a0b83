import { readFaqShareRef, type FaqShareRef } from "../lib/faqShare.ts";
import { mentionsUser } from "../lib/mentions.ts";
import {
  asRecord,
  previewOf,
  reactionsByTarget,
  replyTargetOf,
  threadRootOf,
  type ReactionGroup,
  type ReplyQuote,
  type ThreadMark,
} from "./messageRelations.ts";
import {
  callLineOf,
  callLineText,
  indexCalls,
  isFoldedFollowUp,
  screenshareCardOf,
  type CallLine,
  type ScreenshareCardData,
} from "./callTimeline.ts";

/**
 * Room events → timeline view data. Pure: the SDK-facing part (`createTimeline.ts`) copies each
 * event into a {@link RawTimelineEvent} and this module decides what people see, which keeps the
 * rules (edits, redactions, captions, reply fallbacks) testable with literal objects.
 */

/** Where a message is on its way to the server. */
export type SendState = "sent" | "pending" | "failed";

/** An attachment (`m.image`, `m.file`, `m.audio`, `m.video`) as the view needs it. */
export type FileInfo = {
  /** `mxc://` URI of the content; load it with the authenticated media helper. */
  mxc: string;
  /** File name to show and to save under. */
  name: string;
  /** Size in bytes, when the sender said. */
  size?: number;
  mimetype?: string;
  /** Image dimensions, when the sender said. */
  width?: number;
  height?: number;
};

/** One message in the timeline, as plain data for the view. */
export type TimelineItem = {
  /** Stable key for rendering: stays the same when a local echo becomes the server's event. */
  key: string;
  /** Event ID (a local `~` ID while sending). */
  id: string;
  sender: string;
  /** Display name in this room, or the user ID's localpart. */
  senderName: string;
  /** `mxc://` of the sender's avatar, if any. */
  avatarMxc?: string;
  /** Time the server received it (ms since epoch); local time for pending messages. */
  ts: number;
  /** True when the signed-in person sent it. */
  mine: boolean;
  /** `m.text`, `m.notice`, `m.emote`, `m.image`, `m.file`…; empty for deleted or encrypted. */
  msgtype: string;
  /** Plain text (after edits, without the reply fallback); the caption for media. */
  body: string;
  /** Untrusted `org.matrix.custom.html`; must go through `sanitizeHtml` before display. */
  formattedBody?: string;
  /** The attachment of media messages. */
  file?: FileInfo;
  /** Set when the message is a FAQ share (`org.staffroom.faq`): the timeline shows a card. */
  faq?: FaqShareRef;
  /** Set when the message is a screen-sharing request: the timeline shows a card. */
  screenshare?: ScreenshareCardData;
  /** Set for the end of a 1:1 call (msgtype ""; body says how it ended). */
  call?: CallLine;
  /** An edit replaced the original text. */
  edited: boolean;
  /** The message was deleted (redacted); nothing of it remains to show. */
  redacted: boolean;
  /** The message is end-to-end encrypted and this client cannot read it. */
  encrypted: boolean;
  sendState: SendState;
  /** Reactions under the message, in the order they first came. */
  reactions: readonly ReactionGroup[];
  /** The message this one answers. */
  replyTo?: ReplyQuote;
  /** The thread this message was sent in (from Element's thread view). */
  thread?: ThreadMark;
  /** Someone else's message that mentions the signed-in person (or the whole room). */
  mentionsMe?: boolean;
};

/** One room event copied out of the SDK. */
export type RawTimelineEvent = {
  key: string;
  id: string;
  type: string;
  sender: string;
  senderName: string;
  avatarMxc?: string;
  ts: number;
  /** The original content (never the SDK's edited view of it). */
  content: Record<string, unknown>;
  redacted: boolean;
  sendState: SendState;
  /** The SDK saw this event as an edit before it was redacted (redaction strips the relation). */
  wasEdit?: boolean;
  /** The latest edit the server bundled in `unsigned["m.relations"]["m.replace"]`, if any. */
  bundledEdit?: { sender: string; ts: number; content: Record<string, unknown> };
};

type Edit = { sender: string; ts: number; content: Record<string, unknown> };

const MEDIA_TYPES = new Set(["m.image", "m.file", "m.audio", "m.video"]);

const asString = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;
const asNumber = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;

/** The event an `m.replace` relation points at, if `content` is an edit. */
function replaceTarget(content: Record<string, unknown>): string | undefined {
  const relation = asRecord(content["m.relates_to"]);
  return relation?.["rel_type"] === "m.replace" ? asString(relation["event_id"]) : undefined;
}

/** Drops the `> ` quote lines older clients put before a reply's own text. */
function stripReplyFallback(body: string, content: Record<string, unknown>): string {
  if (!asRecord(asRecord(content["m.relates_to"])?.["m.in_reply_to"])) return body;
  const lines = body.split("\n");
  let first = 0;
  while (first < lines.length && lines[first]?.startsWith(">")) first++;
  if (first === 0) return body;
  // The fallback ends with one empty line before the reply itself.
  if (lines[first] === "") first++;
  return lines.slice(first).join("\n");
}

/** Reads the attachment of a media message, or undefined when it has no usable `url`. */
function fileOf(content: Record<string, unknown>): FileInfo | undefined {
  const mxc = asString(content["url"]);
  if (!mxc?.startsWith("mxc://")) return undefined;
  const info = asRecord(content["info"]) ?? {};
  const body = asString(content["body"]) ?? "";
  return {
    mxc,
    name: asString(content["filename"]) ?? (body || "file"),
    size: asNumber(info["size"]),
    mimetype: asString(info["mimetype"]),
    width: asNumber(info["w"]),
    height: asNumber(info["h"]),
  };
}

/** The parts of a message's content the view shows (after any edit). */
function messageParts(
  content: Record<string, unknown>,
): Pick<TimelineItem, "msgtype" | "body" | "formattedBody" | "file" | "faq"> {
  const msgtype = asString(content["msgtype"]) ?? "m.text";
  const rawBody = asString(content["body"]) ?? "";
  const html =
    content["format"] === "org.matrix.custom.html"
      ? asString(content["formatted_body"])
      : undefined;
  const file = MEDIA_TYPES.has(msgtype) ? fileOf(content) : undefined;
  if (file) {
    // Spec v1.10 captions: with a filename that differs from body, body is a caption.
    const caption = asString(content["filename"]) !== undefined && rawBody !== file.name;
    return {
      msgtype,
      body: caption ? rawBody : "",
      formattedBody: caption ? html : undefined,
      file,
    };
  }
  return {
    msgtype: MEDIA_TYPES.has(msgtype) ? "m.text" : msgtype,
    body: stripReplyFallback(rawBody, content),
    formattedBody: html,
    faq: readFaqShareRef(content),
  };
}

/**
 * Maps a room's events (oldest first) to what the timeline shows: messages with edits applied
 * (the newest valid `m.replace` by the same sender wins; the edit events themselves are hidden),
 * deleted messages as redacted items, encrypted ones flagged; state and other events left out.
 * @param events - the room's live timeline, oldest first, plus pending local echoes at the end
 * @param myUserId - the signed-in user, to set `mine`
 * @returns the items to render, oldest first
 */
export function toTimelineItems(
  events: readonly RawTimelineEvent[],
  myUserId: string,
): TimelineItem[] {
  // Every edit per target; which one applies depends on the original's sender, known later.
  const edits = new Map<string, Edit[]>();
  for (const event of events) {
    if (event.type !== "m.room.message" || event.redacted) continue;
    const target = replaceTarget(event.content);
    const newContent = asRecord(event.content["m.new_content"]);
    if (!target || !newContent) continue;
    const list = edits.get(target) ?? [];
    list.push({ sender: event.sender, ts: event.ts, content: newContent });
    edits.set(target, list);
  }

  const reactions = reactionsByTarget(events, myUserId);
  const calls = indexCalls(events);
  const endedCalls = new Set<string>();
  const items: TimelineItem[] = [];
  for (const event of events) {
    const base = {
      key: event.key,
      id: event.id,
      sender: event.sender,
      senderName: event.senderName,
      avatarMxc: event.avatarMxc,
      ts: event.ts,
      mine: event.sender === myUserId,
      sendState: event.sendState,
      edited: false,
      redacted: false,
      encrypted: false,
      reactions: reactions.get(event.id) ?? [],
    };
    if (event.type === "m.room.encrypted" && !event.redacted) {
      items.push({ ...base, msgtype: "", body: "", encrypted: true });
      continue;
    }
    const call = callLineOf(event, calls, endedCalls);
    if (call) {
      items.push({ ...base, msgtype: "", body: callLineText(call), call });
      continue;
    }
    if (event.type !== "m.room.message" && event.type !== "m.sticker") continue;
    if (event.wasEdit || replaceTarget(event.content)) continue;
    if (!event.redacted && isFoldedFollowUp(event, calls)) continue;
    if (event.redacted) {
      items.push({ ...base, msgtype: "", body: "", redacted: true });
      continue;
    }
    const edit = latestEdit(edits.get(event.id) ?? [], event.bundledEdit, event.sender);
    const content = edit
      ? (asRecord(edit.content["m.new_content"]) ?? edit.content)
      : event.content;
    const parts = messageParts(
      event.type === "m.sticker" ? { ...content, msgtype: "m.image" } : content,
    );
    const screenshare = screenshareCardOf(event, calls);
    const replyTarget = replyTargetOf(event.content);
    const threadRoot = threadRootOf(event.content);
    items.push({
      ...base,
      ...parts,
      edited: edit !== undefined,
      ...(screenshare && { screenshare }),
      ...(replyTarget && { replyTo: { eventId: replyTarget } }),
      ...(threadRoot && { thread: { rootId: threadRoot } }),
      ...(event.sender !== myUserId && mentionsUser(content, myUserId) && { mentionsMe: true }),
    });
  }
  return withQuotes(items);
}

/** Fills in who and what each reply and thread message refers to, when that is loaded. */
function withQuotes(items: TimelineItem[]): TimelineItem[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const item of items) {
    const original = item.replyTo && byId.get(item.replyTo.eventId);
    if (item.replyTo && original)
      item.replyTo = {
        ...item.replyTo,
        senderName: original.senderName,
        preview: previewOf(original),
      };
    const root = item.thread && byId.get(item.thread.rootId);
    if (item.thread && root) item.thread = { ...item.thread, rootPreview: previewOf(root) };
  }
  return items;
}

/**
 * Picks the edit to apply: the newest of those seen in the timeline and the one the server
 * bundled, and only if the original sender made it (anyone else's "edit" is ignored, as the spec
 * requires).
 */
function latestEdit(
  seen: readonly Edit[],
  bundled: RawTimelineEvent["bundledEdit"],
  sender: string,
): Edit | undefined {
  const valid = [...seen, bundled].filter((e): e is Edit => e !== undefined && e.sender === sender);
  if (valid.length === 0) return undefined;
  return valid.reduce((a, b) => (b.ts > a.ts ? b : a));
}
