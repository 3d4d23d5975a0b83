import { describe, expect, it, vi } from "vitest";
import type { SearchHit, SearchPage } from "../../matrix/searchQuery.ts";
import { createSearch } from "./createSearch.ts";

const hit = (id: string): SearchHit => ({
  eventId: id,
  roomId: "!r:x",
  roomName: "Circulation",
  sender: "@bob:x",
  senderName: "Bob",
  ts: 0,
  body: `about ${id}`,
});

describe("createSearch", () => {
  it("says so for an empty query without asking the server", async () => {
    const port = vi.fn();
    const search = createSearch(port);
    await search.run("   ");
    expect(search.state()).toEqual({ status: "empty-query" });
    expect(port).not.toHaveBeenCalled();
  });

  it("shows results, then appends the next page with next_batch", async () => {
    const pages: Record<string, SearchPage> = {
      first: { hits: [hit("$1")], highlights: ["key"], count: 2, nextBatch: "b2" },
      b2: { hits: [hit("$2")], highlights: ["keys"], count: 2 },
    };
    const port = vi.fn(
      async (query: { nextBatch?: string }) => pages[query.nextBatch ?? "first"] as SearchPage,
    );
    const search = createSearch(port);
    await search.run(" key ", "!r:x");
    expect(port).toHaveBeenCalledWith({ term: "key", roomId: "!r:x" });
    expect(search.state()).toMatchObject({ status: "done", more: true, count: 2 });
    await search.more();
    expect(port).toHaveBeenLastCalledWith({ term: "key", roomId: "!r:x", nextBatch: "b2" });
    expect(search.state()).toMatchObject({
      status: "done",
      hits: [hit("$1"), hit("$2")],
      highlights: ["key", "keys"],
      more: false,
    });
  });

  it("keeps the newest search when an older answer comes late", async () => {
    let release: (page: SearchPage) => void = () => {};
    const slow = new Promise<SearchPage>((resolve) => (release = resolve));
    const port = vi
      .fn()
      .mockReturnValueOnce(slow)
      .mockResolvedValueOnce({ hits: [hit("$new")], highlights: [], count: 1 });
    const search = createSearch(port);
    const first = search.run("old");
    await search.run("new");
    release({ hits: [hit("$old")], highlights: [], count: 1 });
    await first;
    expect(search.state()).toMatchObject({ status: "done", term: "new", hits: [hit("$new")] });
  });

  it("turns a failure into its message", async () => {
    const search = createSearch(async () => {
      throw new Error("boom");
    });
    await search.run("key");
    expect(search.state()).toMatchObject({ status: "failed" });
  });
});
