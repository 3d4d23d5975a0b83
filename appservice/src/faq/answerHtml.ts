// FAQ answers arrive as Markdown or HTML from files and admins; neither is trusted. We keep
// what was given and derive (1) sanitised HTML built token by token from an allow-list, so
// nothing from the input reaches the output unescaped, and (2) plain text for search and for
// message bodies. Pure.

/** How an answer was written. */
export type AnswerFormat = "markdown" | "html";

/** The derived forms of an answer. */
export type RenderedAnswer = { html: string; text: string };

const ALLOWED = new Set([
  "p",
  "br",
  "b",
  "strong",
  "i",
  "em",
  "u",
  "s",
  "code",
  "pre",
  "blockquote",
  "ul",
  "ol",
  "li",
  "h3",
  "h4",
  "h5",
  "h6",
  "a",
]);
const VOID = new Set(["br"]);
// Their content is never text a person should see.
const DROP_CONTENT = new Set(["script", "style", "iframe", "object", "template", "noscript"]);

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Guesses the format of an imported answer: anything with a tag is HTML. */
export function detectAnswerFormat(answer: string): AnswerFormat {
  return /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i.test(answer) ? "html" : "markdown";
}

/** Renders an answer to sanitised HTML and plain text. */
export function renderAnswer(answer: string, format: AnswerFormat): RenderedAnswer {
  const html = format === "html" ? sanitizeHtml(answer) : markdownToHtml(answer);
  return { html, text: htmlToText(html) };
}

/**
 * Rebuilds HTML from an allow-list: allowed tags without attributes, except `href` on links
 * (http, https, mailto only); everything else is dropped and text is re-escaped.
 */
export function sanitizeHtml(input: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let dropping: string | undefined;
  const tagPattern = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let last = 0;
  for (let match = tagPattern.exec(input); match !== null; match = tagPattern.exec(input)) {
    if (dropping === undefined)
      out.push(escapeHtml(decodeEntities(input.slice(last, match.index))));
    last = tagPattern.lastIndex;
    const [, slash, rawName, attrs] = match;
    if (rawName === undefined) continue; // a comment
    const name = rawName.toLowerCase();
    if (dropping !== undefined) {
      if (slash && name === dropping) dropping = undefined;
      continue;
    }
    if (DROP_CONTENT.has(name)) {
      if (!slash && !(attrs ?? "").trim().endsWith("/")) dropping = name;
      continue;
    }
    if (!ALLOWED.has(name)) continue;
    if (slash) {
      const at = open.lastIndexOf(name);
      if (at === -1) continue;
      for (const closing of open.splice(at).reverse()) out.push(`</${closing}>`);
    } else if (VOID.has(name)) {
      out.push(`<${name}>`);
    } else {
      const href = name === "a" ? safeHref(attributeValue(attrs ?? "", "href")) : undefined;
      out.push(href === undefined ? `<${name}>` : `<a href="${escapeHtml(href)}">`);
      open.push(name);
    }
  }
  if (dropping === undefined) out.push(escapeHtml(decodeEntities(input.slice(last))));
  for (const closing of open.reverse()) out.push(`</${closing}>`);
  return out.join("").trim();
}

/**
 * A small, safe Markdown subset: paragraphs, line breaks, `-`/`*`/`1.` lists, `**bold**`,
 * `*italic*`/`_italic_`, `` `code` ``, `[text](http…)` and bare links. Escapes first, then
 * adds markup, so the input can never inject tags.
 */
export function markdownToHtml(markdown: string): string {
  const blocks = markdown.replace(/\r\n?/g, "\n").split(/\n{2,}/);
  const html: string[] = [];
  for (const block of blocks) {
    const lines = block.split("\n").filter((line) => line.trim() !== "");
    if (lines.length === 0) continue;
    if (lines.every((line) => /^\s*[-*]\s+/.test(line))) {
      html.push(
        `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ""))}</li>`).join("")}</ul>`,
      );
    } else if (lines.every((line) => /^\s*\d+[.)]\s+/.test(line))) {
      html.push(
        `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+[.)]\s+/, ""))}</li>`).join("")}</ol>`,
      );
    } else {
      html.push(`<p>${lines.map((line) => inline(line.trim())).join("<br>")}</p>`);
    }
  }
  return html.join("");
}

// Where a finished link goes back in after escaping: NUL never survives escapeHtml's input.
const LINK_SLOT = new RegExp(String.raw`\u0000(\d+)\u0000`, "g");

function inline(text: string): string {
  const links: string[] = [];
  // Links first, on the raw text, so their URLs are checked before any escaping.
  const withLinks = text.replace(
    /\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<]+)/g,
    (all, label, url, bare) => {
      const href = safeHref(String(url ?? bare));
      if (href === undefined) return String(all);
      links.push(`<a href="${escapeHtml(href)}">${escapeHtml(String(label ?? bare))}</a>`);
      return `\u0000${links.length - 1}\u0000`;
    },
  );
  return escapeHtml(withLinks)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^\w*])[*_]([^*_]+)[*_](?=[^\w*]|$)/g, "$1<em>$2</em>")
    .replace(LINK_SLOT, (_, i: string) => links[Number(i)] ?? "");
}

/** Plain text of sanitised HTML: block ends become line breaks, list items get a bullet. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<li>/g, "• ")
      .replace(/<br>|<\/(p|li|h\d|blockquote|pre)>/g, "\n")
      .replace(/<[^>]+>/g, ""),
  )
    .replace(/[ \t]+/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function attributeValue(attrs: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i").exec(
    attrs,
  );
  if (match === null) return undefined;
  return decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
}

function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  try {
    const url = new URL(href.trim());
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, code: string) => {
    if (code.startsWith("#")) {
      const n =
        code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : Number(code.slice(1));
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return NAMED[code.toLowerCase()] ?? all;
  });
}
