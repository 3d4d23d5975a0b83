import { describe, expect, it } from "vitest";
import {
  highlightToHtml,
  HIGHLIGHT,
  matchModes,
  toFts5Match,
  toTsQuery,
  tokenizeQuery,
} from "../../src/faq/searchQuery.ts";

describe("tokenizeQuery", () => {
  it("keeps only words, lower-cased; the last one is a prefix while being typed", () => {
    expect(tokenizeQuery('How do I "renew" NEAR(bo')).toEqual({
      tokens: ["how", "do", "i", "renew", "near", "bo"],
      prefix: true,
    });
    expect(tokenizeQuery("renew books ")).toEqual({ tokens: ["renew", "books"], prefix: false });
    expect(tokenizeQuery('"*()')).toEqual({ tokens: [], prefix: false });
  });

  it("bounds very long input", () => {
    const { tokens } = tokenizeQuery(`${"a".repeat(1000)} ${"b ".repeat(100)}`);
    expect(tokens).toEqual(["a".repeat(64)]);
    expect(tokenizeQuery("w ".repeat(100)).tokens).toHaveLength(8);
  });
});

describe("query syntax", () => {
  const tokens = { tokens: ["renew", "bo"], prefix: true };
  it("quotes every FTS5 term and stars the prefix", () => {
    expect(toFts5Match(tokens, "all")).toBe('"renew" AND "bo"*');
    expect(toFts5Match({ tokens: ["a"], prefix: false }, "any")).toBe('"a"');
  });
  it("builds a to_tsquery with :* on the prefix", () => {
    expect(toTsQuery(tokens, "any")).toBe("'renew' | 'bo':*");
  });
  it("tries all words (two), or all but one (three or more), then any", () => {
    const three = { tokens: ["lost", "library", "card"], prefix: false };
    expect(matchModes(three)).toEqual(["most", "any"]);
    expect(matchModes(tokens)).toEqual(["all", "any"]);
    expect(matchModes({ tokens: ["a"], prefix: true })).toEqual(["all"]);
    expect(toTsQuery(three, "most")).toBe(
      "('library' & 'card') | ('lost' & 'card') | ('lost' & 'library')",
    );
    expect(toFts5Match(three, "most")).toBe(
      '("library" AND "card") OR ("lost" AND "card") OR ("lost" AND "library")',
    );
    expect(toTsQuery(tokens, "most")).toBe("'renew' | 'bo':*");
  });
});

describe("highlightToHtml", () => {
  it("escapes the snippet and marks matches", () => {
    const { start, end } = HIGHLIGHT;
    expect(highlightToHtml(`a <b> ${start}renew${end}\n now`)).toBe(
      "a &lt;b&gt; <mark>renew</mark> now",
    );
  });
});
