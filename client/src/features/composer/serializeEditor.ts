import { sanitizeHtml } from "../../lib/sanitizeHtml.ts";
import type { OutgoingText } from "../../matrix/send.ts";
import { userLinkOf } from "../../lib/mentions.ts";

/** The attribute a pill carries in the editor: the user ID, or `@room`. */
export const MENTION_ATTRIBUTE = "data-mention";

/** The inline formats the composer offers. */
export type InlineFormat = "bold" | "italic" | "underline";

// Browsers spell the same format several ways (execCommand writes <b>, pasted or legacy content
// may hold <strong>/<em>); everything maps onto the three tags we send.
const tagOf: Record<string, "b" | "i" | "u"> = { B: "b", STRONG: "b", I: "i", EM: "i", U: "u" };
// Block elements the browser may create inside a contenteditable (Enter in Chromium makes <div>).
const blockTags = new Set(["DIV", "P", "LI", "BLOCKQUOTE", "H1", "H2", "H3", "H4", "H5", "H6"]);

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

type Output = {
  html: string;
  text: string;
  formatted: boolean;
  users: Set<string>;
  room: boolean;
};

/** A pill: its name as text, a matrix.to link in the HTML, and the person in `m.mentions`. */
function writeMention(element: Element, target: string, out: Output): void {
  const name = (element.textContent ?? "").replace(/\u00a0/g, " ");
  out.text += name;
  if (target === "@room") {
    out.html += "@room";
    out.room = true;
    return;
  }
  out.html += `<a href="${escapeHtml(userLinkOf(target))}">${escapeHtml(name)}</a>`;
  out.formatted = true;
  out.users.add(target);
}

function walk(node: Node, out: Output): void {
  if (node.nodeType === Node.TEXT_NODE) {
    // Non-breaking spaces come from contenteditable's whitespace handling, not from the person.
    const text = (node.textContent ?? "").replace(/\u00a0/g, " ");
    out.text += text;
    out.html += escapeHtml(text);
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const element = node as Element;
  const mention = element.getAttribute(MENTION_ATTRIBUTE);
  if (mention) return writeMention(element, mention, out);
  if (element.tagName === "BR") {
    out.text += "\n";
    out.html += "<br>";
    return;
  }
  const isBlock = blockTags.has(element.tagName);
  if (isBlock && out.text !== "" && !out.text.endsWith("\n")) {
    out.text += "\n";
    out.html += "<br>";
  }
  const tag = tagOf[element.tagName];
  const start = out.html.length;
  if (tag) out.html += `<${tag}>`;
  for (const child of Array.from(element.childNodes)) walk(child, out);
  if (tag) {
    // An empty <b></b> (format toggled on, nothing typed) is not formatting.
    if (out.html.length === start + tag.length + 2) out.html = out.html.slice(0, start);
    else {
      out.html += `</${tag}>`;
      out.formatted = true;
    }
  }
  // A block whose last child is <br> already ended its line (Chromium's "<div><br></div>").
  if (isBlock && !out.text.endsWith("\n") && element.nextSibling) {
    out.text += "\n";
    out.html += "<br>";
  }
}

/**
 * Turns the editor's DOM into what is sent: a plain `body` always, and HTML limited to
 * `<b>`, `<i>`, `<u>` and `<br>` only when the person formatted something. Anything else in the
 * DOM (spans, styles, links from a paste) is dropped to its text, so the HTML is safe by
 * construction; text is escaped, and the result also goes through `sanitizeHtml`. Mention pills
 * become matrix.to links (as Element sends them) and fill `mentions`.
 * @param root - the contenteditable element
 * @returns the message, or null when there is nothing but whitespace
 * @example
 * // <b>hi</b> there  →  { body: "hi there", html: "<b>hi</b> there" }
 */
export function serializeEditor(root: Node): OutgoingText | null {
  const out: Output = { html: "", text: "", formatted: false, users: new Set(), room: false };
  for (const child of Array.from(root.childNodes)) walk(child, out);
  // Trailing line breaks are the browser's placeholder for an empty last line.
  const body = out.text.replace(/\s+$/, "").replace(/^\s+/, "");
  if (body === "") return null;
  const mentions = {
    ...(out.users.size > 0 ? { user_ids: [...out.users] } : {}),
    ...(out.room ? { room: true } : {}),
  };
  const said = Object.keys(mentions).length > 0 ? { mentions } : {};
  if (!out.formatted) return { body, ...said };
  const html = out.html.replace(/(<br>|\s)+$/, "").replace(/^(<br>|\s)+/, "");
  // Safe by construction already; the shared sanitizer is a second lock on the same door, so
  // what we send can never be looser than what we accept.
  return { body, html: sanitizeHtml(html), ...said };
}
