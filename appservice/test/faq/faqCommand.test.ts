import { describe, expect, it } from "vitest";
import {
  answerFaqCommand,
  FAQ_USAGE,
  parseFaqCommand,
  type FaqLookup,
} from "../../src/faq/faqCommand.ts";
import { FAQ_SHARE_KEY, type ShareableFaq } from "../../src/faq/faqMessage.ts";
import type { FaqHit } from "../../src/faq/ports.ts";

describe("parseFaqCommand", () => {
  it.each([
    ["!faq renew books", { kind: "search", query: "renew books" }],
    ["  !FAQ   wifi  ", { kind: "search", query: "wifi" }],
    ["!faq", { kind: "help" }],
    ["!faq help me", { kind: "help" }],
    ["!faq share renew-1", { kind: "share", id: "renew-1" }],
    [
      "!faq share Loans & renewals:renew",
      { kind: "share", id: "renew", group: "Loans & renewals" },
    ],
    ["!faq share", { kind: "usage", problem: "!faq share needs the id of a FAQ" }],
    [
      "!faq share two words",
      { kind: "usage", problem: "“two words” is not a FAQ id (ids look like renew-1)" },
    ],
    ["!faq ???", { kind: "usage", problem: "give some words to search for" }],
  ])("%j", (body, expected) => {
    expect(parseFaqCommand(body)).toEqual(expected);
  });

  it("ignores everything else", () => {
    for (const body of ["hello", "!faqs x", "> <@a:x> !faq x", "see !faq x"]) {
      expect(parseFaqCommand(body)).toBeUndefined();
    }
  });
});

const hit = (id: string, group: string, question: string): FaqHit => ({
  id,
  group,
  question,
  snippet: "",
  answer: "",
  answerHtml: "",
  answerText: "",
  url: "",
  score: 1,
});
const faq: ShareableFaq = {
  id: "renew",
  group: "loans",
  question: "How do I renew?",
  answerHtml: "<p>Sign in.</p>",
  answerText: "Sign in.",
  url: "https://l.example/r",
};
const lookup = (hits: FaqHit[], found: ShareableFaq[]): FaqLookup => ({
  search: () => Promise.resolve(hits),
  find: () => Promise.resolve(found),
});
const alice = { userId: "@alice:x", displayName: "Alice", allowed: true };

describe("answerFaqCommand", () => {
  it("lists matches with ids, qualifying ids found in two groups", async () => {
    const reply = await answerFaqCommand(
      { kind: "search", query: "renew" },
      alice,
      lookup(
        [hit("renew", "loans", "How do I renew?"), hit("1", "a", "Q1 <b>"), hit("1", "b", "Q2")],
        [],
      ),
    );
    expect(reply).toMatchObject({ kind: "notice" });
    if (reply.kind !== "notice") return;
    expect(reply.body).toBe(
      "FAQ matches for “renew”:\n1. [renew] How do I renew? (loans)\n2. [a:1] Q1 <b> (a)\n3. [b:1] Q2 (b)\n\nPost one here with: !faq share <id>",
    );
    expect(reply.html).toContain("Q1 &lt;b&gt;");
  });

  it("says when nothing matches, and refuses non-staff", async () => {
    expect(
      await answerFaqCommand({ kind: "search", query: "zzz" }, alice, lookup([], [])),
    ).toMatchObject({
      body: "No FAQ matches “zzz”. Try fewer or other words.",
    });
    expect(
      await answerFaqCommand(
        { kind: "search", query: "x" },
        { ...alice, allowed: false },
        lookup([], []),
      ),
    ).toMatchObject({
      body: "FAQs are available to staff listed in the directory only.",
    });
  });

  it("shares a card crediting the asker, or explains an unknown or ambiguous id", async () => {
    const shared = await answerFaqCommand({ kind: "share", id: "renew" }, alice, lookup([], [faq]));
    expect(shared.kind === "share" && shared.content[FAQ_SHARE_KEY]).toEqual({
      id: "renew",
      group: "loans",
    });
    expect(shared.kind === "share" && shared.content.body).toContain("Shared by Alice");
    expect(
      await answerFaqCommand({ kind: "share", id: "nope" }, alice, lookup([], [])),
    ).toMatchObject({
      body: "There is no FAQ with the id nope. Search with !faq <words> to find ids.",
    });
    const twice = await answerFaqCommand(
      { kind: "share", id: "renew" },
      alice,
      lookup([], [faq, { ...faq, group: "other" }]),
    );
    expect(twice.kind === "notice" && twice.body).toContain("!faq share other:renew");
  });

  it("answers help and usage with the usage text", async () => {
    expect(await answerFaqCommand({ kind: "help" }, alice, lookup([], []))).toMatchObject({
      body: FAQ_USAGE,
    });
    const usage = await answerFaqCommand({ kind: "usage", problem: "oops" }, alice, lookup([], []));
    expect(usage.kind === "notice" && usage.body.startsWith("oops.\n\nFAQ commands:")).toBe(true);
  });
});
