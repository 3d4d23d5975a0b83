import { escapeHtml } from "./answerHtml.ts";
import { buildFaqShareContent, type FaqShareContent, type ShareableFaq } from "./faqMessage.ts";
import type { FaqHit } from "./ports.ts";
import { tokenizeQuery } from "./searchQuery.ts";

// `!faq` for standard Matrix clients: a parser and a handler that return data. The Matrix
// side (src/matrix/handlers/faqCommandHandler.ts) only sends what they decide.

/** A parsed command. `usage` carries what was wrong, for the person to read. */
export type FaqCommand =
  | { kind: "help" }
  | { kind: "search"; query: string }
  | { kind: "share"; id: string; group?: string }
  | { kind: "usage"; problem: string };

/** How many matches `!faq <words>` lists. */
export const COMMAND_RESULTS = 5;

/** The usage text (plain). */
export const FAQ_USAGE = [
  "FAQ commands:",
  "!faq <words> — search the FAQs (the top matches, with their ids)",
  "!faq share <id> — post that FAQ here as a card (group:id when an id is in several groups)",
  "!faq help — this text",
].join("\n");

const ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Parses a message body. Undefined when it is not a `!faq` command at all (other text,
 * `!faqs`, a reply quoting one); a command with bad arguments becomes `usage`.
 */
export function parseFaqCommand(body: string): FaqCommand | undefined {
  const match = /^!faq(?:\s+([\s\S]*))?$/i.exec(body.trim());
  if (match === null) return undefined;
  const rest = (match[1] ?? "").trim();
  if (rest === "") return { kind: "help" };
  const [first = ""] = rest.split(/\s+/);
  const verb = first.toLowerCase();
  if (verb === "help") return { kind: "help" };
  if (verb === "share") {
    const ref = rest.slice(first.length).trim();
    if (ref === "") return { kind: "usage", problem: "!faq share needs the id of a FAQ" };
    const colon = ref.lastIndexOf(":");
    const id = colon === -1 ? ref : ref.slice(colon + 1).trim();
    const group = colon === -1 ? undefined : ref.slice(0, colon).trim();
    if (!ID.test(id) || group === "") {
      return { kind: "usage", problem: `“${clip(ref)}” is not a FAQ id (ids look like renew-1)` };
    }
    return group === undefined ? { kind: "share", id } : { kind: "share", id, group };
  }
  if (tokenizeQuery(rest).tokens.length === 0) {
    return { kind: "usage", problem: "give some words to search for" };
  }
  return { kind: "search", query: rest };
}

/** What the bot does: post a notice, or post a share card. */
export type FaqReply =
  { kind: "notice"; body: string; html: string } | { kind: "share"; content: FaqShareContent };

/** What the handler may look up, already limited to what the sender may see. */
export interface FaqLookup {
  search(query: string, limit: number): Promise<FaqHit[]>;
  /** Entries with this id (in this group when given). */
  find(id: string, group?: string): Promise<ShareableFaq[]>;
}

/** Who asked. `allowed` false: not staff, so no FAQ is visible to them. */
export type FaqAsker = { userId: string; displayName: string; allowed: boolean };

/** Answers a parsed command. */
export async function answerFaqCommand(
  command: FaqCommand,
  asker: FaqAsker,
  lookup: FaqLookup,
): Promise<FaqReply> {
  if (command.kind === "help") return notice(FAQ_USAGE);
  if (command.kind === "usage") return notice(`${command.problem}.\n\n${FAQ_USAGE}`);
  if (!asker.allowed) return notice("FAQs are available to staff listed in the directory only.");
  if (command.kind === "search") {
    const hits = await lookup.search(command.query, COMMAND_RESULTS);
    return hits.length === 0
      ? notice(`No FAQ matches “${clip(command.query)}”. Try fewer or other words.`)
      : searchNotice(command.query, hits);
  }
  const found = await lookup.find(command.id, command.group);
  const [only] = found;
  if (only === undefined) {
    return notice(
      `There is no FAQ with the id ${command.id}. Search with !faq <words> to find ids.`,
    );
  }
  if (found.length > 1) {
    const choices = found.map((f) => `!faq share ${f.group}:${f.id}`).join("\n");
    return notice(`Several FAQ groups have the id ${command.id}; pick one:\n${choices}`);
  }
  return { kind: "share", content: buildFaqShareContent(only, asker.displayName) };
}

function searchNotice(query: string, hits: FaqHit[]): FaqReply {
  const ids = new Map<string, number>();
  for (const hit of hits) ids.set(hit.id, (ids.get(hit.id) ?? 0) + 1);
  const ref = (hit: FaqHit) => ((ids.get(hit.id) ?? 0) > 1 ? `${hit.group}:${hit.id}` : hit.id);
  const body = [
    `FAQ matches for “${clip(query)}”:`,
    ...hits.map((hit, i) => `${i + 1}. [${ref(hit)}] ${hit.question} (${hit.group})`),
    "",
    "Post one here with: !faq share <id>",
  ].join("\n");
  const items = hits
    .map(
      (h) =>
        `<li><code>${escapeHtml(ref(h))}</code> ${escapeHtml(h.question)} <em>(${escapeHtml(h.group)})</em></li>`,
    )
    .join("");
  const html =
    `<p>FAQ matches for “${escapeHtml(clip(query))}”:</p><ol>${items}</ol>` +
    `<p>Post one here with: <code>!faq share &lt;id&gt;</code></p>`;
  return { kind: "notice", body, html };
}

function notice(body: string): FaqReply {
  const html = body
    .split("\n\n")
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("");
  return { kind: "notice", body, html };
}

// Echoed input stays short: a 10,000-character query must not come back as a wall of text.
function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length <= 80 ? flat : `${flat.slice(0, 79)}…`;
}
