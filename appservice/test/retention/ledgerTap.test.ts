import { describe, expect, it } from "vitest";
import { ledgerEventsOf, makeLedgerTap } from "../../src/retention/ledgerTap.ts";
import { MemoryEventLedger } from "./memoryScrub.ts";

const file = {
  type: "m.room.message",
  room_id: "!r",
  event_id: "$f",
  origin_server_ts: 5,
  sender: "@a:x",
  content: {
    msgtype: "m.image",
    url: "mxc://x/full",
    info: { thumbnail_url: "mxc://x/thumb" },
  },
};

describe("ledgerEventsOf", () => {
  it("keeps room events in order with their media and state keys, nothing else", () => {
    const events = ledgerEventsOf([
      file,
      {
        type: "m.room.member",
        room_id: "!r",
        event_id: "$m",
        origin_server_ts: 6,
        state_key: "@a:x",
        content: { membership: "join" },
      },
      { type: "m.typing", room_id: "!r", content: {} },
      { type: "m.room.message", room_id: "!r", event_id: "$t", content: {} },
      null,
      "junk",
    ]);
    expect(events).toEqual([
      {
        room_id: "!r",
        event_id: "$f",
        type: "m.room.message",
        origin_server_ts: 5,
        media: ["mxc://x/full", "mxc://x/thumb"],
      },
      {
        room_id: "!r",
        event_id: "$m",
        type: "m.room.member",
        origin_server_ts: 6,
        state_key: "@a:x",
        media: [],
      },
    ]);
  });
});

describe("makeLedgerTap", () => {
  it("records only while the scrub is on", async () => {
    const ledger = new MemoryEventLedger();
    let on = false;
    const tap = makeLedgerTap(ledger, () => Promise.resolve(on));
    await tap([file]);
    expect(ledger.rows).toHaveLength(0);
    on = true;
    await tap([file]);
    await tap([file]);
    expect(ledger.rows.map((r) => r.event.event_id)).toEqual(["$f"]);
  });

  it("marks a room complete when its creation arrives live", async () => {
    const ledger = new MemoryEventLedger();
    const tap = makeLedgerTap(ledger, () => Promise.resolve(true));
    await tap([
      {
        type: "m.room.create",
        room_id: "!new",
        event_id: "$c",
        state_key: "",
        origin_server_ts: 1,
        content: {},
      },
    ]);
    expect(await ledger.isComplete("!new")).toBe(true);
    expect(await ledger.isComplete("!r")).toBe(false);
  });
});
