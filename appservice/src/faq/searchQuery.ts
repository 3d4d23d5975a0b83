import { escapeHtml } from "./answerHtml.ts";

// User input never reaches FTS syntax raw. A query is cut down to word tokens (letters and
// digits only), which each database adapter then quotes in its own syntax. Pure.

/** The most input we look at, and the most tokens we search for. */
export const QUERY_LIMITS = { chars: 500, tokens: 8, tokenChars: 64 } as const;

/** A tokenised query. `prefix`: the last token is still being typed (search-as-you-type). */
export type SearchTokens = { tokens: string[]; prefix: boolean };

/**
 * Splits a query into lower-case word tokens. Quotes, `*`, `(`, `:`, operators such as `NEAR`
 * or `AND` in upper case are all just text here: they become plain tokens or vanish.
 * The last token is a prefix unless the query ends in whitespace or punctuation.
 */
export function tokenizeQuery(query: string): SearchTokens {
  const text = query.slice(0, QUERY_LIMITS.chars);
  const tokens = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .map((token) => token.slice(0, QUERY_LIMITS.tokenChars))
    .slice(0, QUERY_LIMITS.tokens);
  const prefix = tokens.length > 0 && /[\p{L}\p{N}]$/u.test(text);
  return { tokens, prefix };
}

/**
 * How tokens combine: `all` of them, `most` (every token but one: people type sentences with
 * a stray word), or `any`.
 */
export type MatchMode = "all" | "most" | "any";

/**
 * The modes to try for a query, in order, until one matches. With three or more tokens the
 * first is `most`: its matches include every entry holding all the words, and ranking puts
 * those first (both databases score each matched word), so one query does the work of two.
 */
export function matchModes(tokens: SearchTokens): MatchMode[] {
  if (tokens.tokens.length <= 1) return ["all"];
  return tokens.tokens.length === 2 ? ["all", "any"] : ["most", "any"];
}

function combine(terms: string[], mode: MatchMode, and: string, or: string): string {
  if (mode === "all" || terms.length <= 1) return terms.join(and);
  if (mode === "any" || terms.length === 2) return terms.join(or);
  return terms
    .map((_, skipped) => `(${terms.filter((__, i) => i !== skipped).join(and)})`)
    .join(or);
}

/** An FTS5 MATCH expression: every token double-quoted, the last one with `*` if a prefix. */
export function toFts5Match({ tokens, prefix }: SearchTokens, mode: MatchMode): string {
  const terms = tokens.map((token, i) => {
    const quoted = `"${token.replace(/"/g, '""')}"`;
    return prefix && i === tokens.length - 1 ? `${quoted}*` : quoted;
  });
  return combine(terms, mode, " AND ", " OR ");
}

/**
 * A PostgreSQL `to_tsquery` string: tokens single-quoted, `:*` on a prefix, `&` and `|`.
 * Tokens hold letters and digits only, so the quoting is belt and braces.
 */
export function toTsQuery({ tokens, prefix }: SearchTokens, mode: MatchMode): string {
  const terms = tokens.map((token, i) => {
    const quoted = `'${token.replace(/'/g, "''")}'`;
    return prefix && i === tokens.length - 1 ? `${quoted}:*` : quoted;
  });
  return combine(terms, mode, " & ", " | ");
}

/** Markers the databases put around matches; control characters never appear in FAQ text. */
export const HIGHLIGHT = { start: "\u0002", end: "\u0003" } as const;

/**
 * Turns a database snippet with {@link HIGHLIGHT} markers into safe HTML: the text is
 * escaped and matches are wrapped in `<mark>`.
 */
export function highlightToHtml(snippet: string): string {
  return escapeHtml(snippet.replace(/\s+/g, " ").trim())
    .split(HIGHLIGHT.start)
    .join("<mark>")
    .split(HIGHLIGHT.end)
    .join("</mark>");
}
