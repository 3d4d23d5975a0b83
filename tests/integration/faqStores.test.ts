import { expect, it } from "vitest";
import { makeFaqSearch } from "../../appservice/src/db/faqSearch.ts";
import { makeFaqShareStore } from "../../appservice/src/db/faqShareStore.ts";
import { makeFaqStore } from "../../appservice/src/db/faqStore.ts";
import { FaqConflictError, type FaqEntryInput } from "../../appservice/src/faq/ports.ts";
import { forEachDatabase } from "../harness/databases.ts";

// FAQ stores and the two search adapters (FTS5 + bm25, tsvector + ts_rank) on SQLite and a
// real PostgreSQL: same answers to the same questions, whatever the user types.

const row = (id: string, question: string, answer: string, keywords = ""): FaqEntryInput => ({
  id,
  question,
  answer,
  url: `https://library.example/faq/${id}`,
  keywords,
});

const LOANS = [
  row(
    "renew",
    "How do I renew a book?",
    "Sign in to **My Account** and choose Renew.",
    "loan, due date",
  ),
  row(
    "fines",
    "What are the fines for late books?",
    "Late loans cost 10p a day. Renewing avoids fines.",
  ),
  row(
    "wifi",
    "How do I join the wifi?",
    "Use the network *Library-Guest*; no password.",
    "internet",
  ),
  row(
    "printing",
    "Can I print from my laptop?",
    "Yes: upload to the print portal, pay at the desk.",
    "printer",
  ),
];

forEachDatabase("faq store and search", (getDb) => {
  const all = ["public", "internal"] as const;

  it("creates groups, refuses a duplicate name, upserts by id and deletes with entries", async () => {
    const store = makeFaqStore(getDb());
    const group = await store.createGroup({ name: "crud", description: "d", visibility: "public" });
    await expect(
      store.createGroup({ name: "crud", description: "", visibility: "public" }),
    ).rejects.toBeInstanceOf(FaqConflictError);
    const progress: number[] = [];
    expect(await store.upsertEntries(group.id, LOANS, (n) => progress.push(n))).toEqual({
      created: 4,
      updated: 0,
    });
    expect(progress).toEqual([4]);
    const changed = { ...LOANS[0]!, question: "How can I renew a loan?" };
    expect(await store.upsertEntries(group.id, [changed, row("new", "New?", "Yes")])).toEqual({
      created: 1,
      updated: 1,
    });
    expect(await store.countEntries(group.id)).toBe(5);
    const renew = await store.getEntry(group.id, "renew");
    expect(renew).toMatchObject({
      group: "crud",
      question: "How can I renew a loan?",
      answerFormat: "markdown",
    });
    expect(renew?.answerHtml).toBe(
      "<p>Sign in to <strong>My Account</strong> and choose Renew.</p>",
    );
    expect(renew?.updatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await store.findEntries("renew", ["crud", "other"])).map((e) => e.group)).toEqual([
      "crud",
    ]);
    expect(await store.updateGroup(group.id, { visibility: "internal" })).toMatchObject({
      visibility: "internal",
    });
    expect(await store.deleteEntry(group.id, "new")).toBe(true);
    expect(await store.deleteGroup(group.id)).toBe(true);
    expect(await store.getEntry(group.id, "renew")).toBeUndefined();
  });

  it("ranks question matches first, matches prefixes and highlights safely", async () => {
    const store = makeFaqStore(getDb());
    const group = await store.createGroup({ name: "loans", description: "", visibility: "public" });
    await store.upsertEntries(group.id, LOANS);
    const search = makeFaqSearch(getDb());
    const hits = await search.search({ q: "renew", visibilities: all, limit: 10, group: "loans" });
    // "renew" in the question beats "Renewing" in an answer (stemmed to the same word).
    expect(hits.map((h) => h.id)).toEqual(["renew", "fines"]);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Infinity);
    expect(hits[0]).toMatchObject({ group: "loans", url: "https://library.example/faq/renew" });
    expect(hits[0]?.snippet).toContain("<mark>");
    // Search as you type: a prefix of the last word.
    expect(
      (await search.search({ q: "pri", visibilities: all, limit: 10 })).map((h) => h.id),
    ).toContain("printing");
    // Keywords are searched too.
    expect(
      (await search.search({ q: "internet", visibilities: all, limit: 10 })).map((h) => h.id),
    ).toEqual(["wifi"]);
    // No document has every word: fall back to any word.
    expect(
      (await search.search({ q: "wifi printer ", visibilities: all, limit: 10 }))
        .map((h) => h.id)
        .sort(),
    ).toEqual(["printing", "wifi"]);
    // Three words: entries with all of them rank first, then those missing one; entries with
    // a single word only come when nothing has two.
    const found = await store.createGroup({ name: "found", description: "", visibility: "public" });
    await store.upsertEntries(found.id, [
      row("card-lost", "I lost my library card", "Report it at the desk."),
      row("card-new", "How do I get a library card?", "Bring an ID."),
      row("lost-found", "Where is lost property?", "At the desk."),
    ]);
    const inFound = { visibilities: all, limit: 10, group: "found" };
    const three = await search.search({ q: "lost library card ", ...inFound });
    expect(three.map((h) => h.id)).toEqual(["card-lost", "card-new"]);
    expect(
      (await search.search({ q: "lost umbrella desk ", ...inFound })).map((h) => h.id).sort(),
    ).toEqual(["card-lost", "lost-found"]);
    await store.deleteGroup(found.id);
  });

  it("filters by group and visibility", async () => {
    const store = makeFaqStore(getDb());
    const internal = await store.createGroup({
      name: "staff-only",
      description: "",
      visibility: "internal",
    });
    await store.upsertEntries(internal.id, [
      row("till", "How do I cash up the till?", "Count twice."),
    ]);
    const search = makeFaqSearch(getDb());
    expect(await search.search({ q: "till", visibilities: ["public"], limit: 5 })).toEqual([]);
    expect(
      (await search.search({ q: "till", visibilities: all, limit: 5 })).map((h) => h.group),
    ).toEqual(["staff-only"]);
    expect(await search.search({ q: "till", visibilities: all, limit: 5, group: "loans" })).toEqual(
      [],
    );
  });

  it("never fails on FTS syntax, quotes, operators or very long input", async () => {
    const search = makeFaqSearch(getDb());
    for (const q of [
      '"',
      '"renew',
      "renew*",
      "NEAR(renew fines)",
      "(",
      "a AND OR NOT",
      "col:renew",
      "-renew ^",
      "'; drop table faq_entries; --",
      "x".repeat(10_000),
      "renew ".repeat(500),
      "   ",
      "ünïcödé ☕",
    ]) {
      await expect(search.search({ q, visibilities: all, limit: 5 })).resolves.toBeInstanceOf(
        Array,
      );
    }
    expect(
      (await search.search({ q: '"renew"*', visibilities: all, limit: 5 })).map((h) => h.id),
    ).toContain("renew");
  });

  it("counts shares once per event and lists most and never shared", async () => {
    const shares = makeFaqShareStore(getDb());
    const at = new Date();
    const share = (eventId: string, faqId: string) => ({
      eventId,
      roomId: "!r:x",
      sender: "@a:x",
      faqId,
      group: "loans",
      at,
    });
    expect(await shares.record(share("$1", "renew"))).toBe(true);
    expect(await shares.record(share("$1", "renew"))).toBe(false);
    await shares.record(share("$2", "renew"));
    await shares.record(share("$3", "wifi"));
    const stats = await shares.stats(50);
    expect(stats.totalShares).toBe(3);
    expect(stats.neverSharedTotal).toBe(stats.neverShared.length);
    const firstOnly = await shares.stats(1);
    expect(firstOnly.neverShared).toHaveLength(1);
    expect(firstOnly.neverSharedTotal).toBe(stats.neverSharedTotal);
    expect(stats.mostShared.map((s) => [s.id, s.shares])).toEqual([
      ["renew", 2],
      ["wifi", 1],
    ]);
    expect(stats.mostShared[0]?.lastSharedAt.getTime()).toBeCloseTo(at.getTime(), -4);
    const never = stats.neverShared.filter((s) => s.group === "loans").map((s) => s.id);
    expect(never).toEqual(["fines", "printing"]);
  });
});
