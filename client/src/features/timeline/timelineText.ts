/**
 * Pure text helpers for the timeline view: the typing line, what the live region announces, and
 * links in plain-text messages.
 */
import type { TimelineItem } from "../../matrix/timelineItems.ts";

/**
 * The typing indicator line.
 * @param names - display names of the others typing
 * @returns "" when nobody types, else "Alice is typing…", "Alice and Bob are typing…" or
 *   "Several people are typing…"
 */
export function typingText(names: readonly string[]): string {
  const [first, second] = names;
  if (first === undefined) return "";
  if (second === undefined) return `${first} is typing…`;
  if (names.length === 2) return `${first} and ${second} are typing…`;
  return "Several people are typing…";
}

/**
 * What a screen reader hears when a message arrives: sender and a short reading of it.
 * @param item - the new message
 * @returns e.g. "Bob: see you at 3", "Bob sent a file: minutes.pdf"
 */
export function announcementFor(item: TimelineItem): string {
  if (item.encrypted) return `${item.senderName} sent an encrypted message`;
  if (item.redacted) return `${item.senderName}'s message was deleted`;
  if (item.file) {
    const what = item.msgtype === "m.image" ? "an image" : "a file";
    return `${item.senderName} sent ${what}: ${item.body || item.file.name}`;
  }
  const text = item.body.length > 200 ? `${item.body.slice(0, 200)}…` : item.body;
  return item.msgtype === "m.emote" ? `${item.senderName} ${text}` : `${item.senderName}: ${text}`;
}

/** A piece of a plain-text message: text, or a web link to render as `<a>`. */
export type TextSegment = { text: string; href?: string };

// http(s) and www. links; trailing punctuation is left out ("see https://x.org.").
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)\]'}]/gi;

/**
 * Splits plain text into text and link segments, so bare URLs are clickable without ever
 * treating the message as HTML.
 * @param text - a message body
 * @returns segments in order; links carry an http(s) `href`
 */
export function linkifyText(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    if (start > last) segments.push({ text: text.slice(last, start) });
    const url = match[0];
    segments.push({ text: url, href: url.startsWith("www.") ? `https://${url}` : url });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}
