import { escapeHtml } from "./answerHtml.ts";

// The FAQ share message (design §5): one builder for the bot and, through the contract
// export, the web client. Pure and free of Node imports.

/** The namespaced key that marks a message as a FAQ share. */
export const FAQ_SHARE_KEY = "org.staffroom.faq";

/** What a share carries in {@link FAQ_SHARE_KEY}. */
export type FaqShareRef = { id: string; group: string };

/** The entry fields a share shows. */
export type ShareableFaq = {
  id: string;
  group: string;
  question: string;
  /** Sanitised HTML (the card shows it). */
  answerHtml: string;
  /** Plain text (the body shows a short version). */
  answerText: string;
  url: string;
};

/** The `m.room.message` content of a share. */
export type FaqShareContent = {
  msgtype: "m.text";
  body: string;
  format: "org.matrix.custom.html";
  formatted_body: string;
  [FAQ_SHARE_KEY]: FaqShareRef;
};

/** How long the plain-text answer in `body` may be before it is cut. */
export const SHORT_ANSWER_CHARS = 280;

/**
 * Builds a share: `body` is readable anywhere (question, short answer, link, and who asked
 * when the bot posts for someone); `formatted_body` is a card; the key carries id and group.
 * @param sharedBy display name or user ID of the person the bot posts for
 */
export function buildFaqShareContent(faq: ShareableFaq, sharedBy?: string): FaqShareContent {
  const lines = [`FAQ: ${faq.question}`, "", shortText(faq.answerText, SHORT_ANSWER_CHARS)];
  if (faq.url !== "") lines.push("", `More: ${faq.url}`);
  if (sharedBy !== undefined) lines.push("", `Shared by ${sharedBy}`);
  const html = [
    "<blockquote>",
    `<p><strong>❓ ${escapeHtml(faq.question)}</strong></p>`,
    faq.answerHtml.startsWith("<") ? faq.answerHtml : `<p>${faq.answerHtml}</p>`,
    faq.url === "" ? "" : `<p><a href="${escapeHtml(faq.url)}">Read more</a></p>`,
    `<p><em>FAQ · ${escapeHtml(faq.group)}${sharedBy === undefined ? "" : ` · shared by ${escapeHtml(sharedBy)}`}</em></p>`,
    "</blockquote>",
  ];
  return {
    msgtype: "m.text",
    body: lines.join("\n"),
    format: "org.matrix.custom.html",
    formatted_body: html.join(""),
    [FAQ_SHARE_KEY]: { id: faq.id, group: faq.group },
  };
}

/** The share reference in a message's content, if it carries a well-formed one. */
export function readFaqShareRef(content: Record<string, unknown>): FaqShareRef | undefined {
  const ref = content[FAQ_SHARE_KEY];
  if (typeof ref !== "object" || ref === null) return undefined;
  const { id, group } = ref as Record<string, unknown>;
  if (typeof id !== "string" || typeof group !== "string" || id === "" || group === "") {
    return undefined;
  }
  if (id.length > 100 || group.length > 200) return undefined;
  return { id, group };
}

/** Cuts text at a word boundary, adding "…" when it was longer. */
export function shortText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
