import type { ISearchResponse } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import { searchPageOf, searchRequestOf } from "./searchQuery.ts";

const result = (eventId: string, content: Record<string, unknown>) => ({
  rank: 1,
  result: {
    event_id: eventId,
    room_id: "!r:x",
    sender: "@bob:x",
    origin_server_ts: 1,
    type: "m.room.message",
    content,
  },
});
const response = (results: ReturnType<typeof result>[], nextBatch?: string) =>
  ({
    search_categories: {
      room_events: { results, highlights: ["desk"], count: results.length, next_batch: nextBatch },
    },
  }) as unknown as ISearchResponse;
const names = { roomName: () => "Circulation", senderName: () => "Bob" };

describe("searchRequestOf", () => {
  it("asks for room events by body, newest first, in one room when given, from a page", () => {
    expect(searchRequestOf({ term: "desk", roomId: "!r:x", nextBatch: "b2" })).toEqual({
      body: {
        search_categories: {
          room_events: {
            search_term: "desk",
            keys: ["content.body"],
            order_by: "recent",
            filter: { limit: 20, rooms: ["!r:x"] },
          },
        },
      },
      nextBatch: "b2",
    });
    expect(searchRequestOf({ term: "desk" }).body.search_categories.room_events.filter).toEqual({
      limit: 20,
    });
  });
});

describe("searchPageOf", () => {
  it("lists text messages with names, and where the next page starts", () => {
    const page = searchPageOf(
      response([result("$a", { msgtype: "m.text", body: "at the desk" })], "b2"),
      names,
    );
    expect(page).toEqual({
      hits: [
        {
          eventId: "$a",
          roomId: "!r:x",
          roomName: "Circulation",
          sender: "@bob:x",
          senderName: "Bob",
          ts: 1,
          body: "at the desk",
        },
      ],
      highlights: ["desk"],
      count: 1,
      nextBatch: "b2",
    });
  });

  it("shows a matching edit as the message it edits, with the new text, once", () => {
    const edit = {
      msgtype: "m.text",
      body: "* at the front desk",
      "m.new_content": { msgtype: "m.text", body: "at the front desk" },
      "m.relates_to": { rel_type: "m.replace", event_id: "$orig" },
    };
    const page = searchPageOf(
      response([result("$edit", edit), result("$orig", { msgtype: "m.text", body: "desk" })]),
      names,
    );
    expect(page.hits.map((hit) => [hit.eventId, hit.body])).toEqual([
      ["$orig", "at the front desk"],
    ]);
  });

  it("skips what has no text (a deleted message's pruned content)", () => {
    expect(searchPageOf(response([result("$gone", {})]), names).hits).toEqual([]);
  });
});
