import { expect, it } from "vitest";
import { makeScrubLedgerStore } from "../../appservice/src/db/scrubLedgerStore.ts";
import { makeScrubRunStore } from "../../appservice/src/db/scrubRunStore.ts";
import { makeScrubScopeSource } from "../../appservice/src/db/scrubScopeStore.ts";
import { makeSettingsStore } from "../../appservice/src/db/settingsStore.ts";
import type { ScrubRun } from "../../appservice/src/retention/ports.ts";
import { forEachDatabase } from "../harness/databases.ts";

// The scrub stores on SQLite and a real PostgreSQL: the JSON setting (text vs parsed), bigint
// times and counters, per-room progress, the lease, and the scope read from our own tables.

const run = (id: string, startedAt: number): ScrubRun => ({
  id,
  trigger: "manual",
  startedBy: "@admin:x",
  scrubDays: 7,
  cutoffTs: startedAt - 7 * 86_400_000,
  startedAt: new Date(startedAt),
  finishedAt: null,
  status: "running",
  eventsPurged: 0,
  mediaDeleted: 0,
  errors: [],
});

forEachDatabase("settingsStore", (getDb) => {
  it("starts off, saves scrub_days and audits old → new with who", async () => {
    const db = getDb();
    const store = makeSettingsStore(db);
    expect(await store.getScrubDays()).toBeNull();
    expect(await store.setScrubDays(30, "@alice:x")).toBeNull();
    expect(await store.getScrubDays()).toBe(30);
    expect(await store.setScrubDays(null, "@bob:x")).toBe(30);
    expect(await store.getScrubDays()).toBeNull();
    const rows = (await db("audit_log").where({ action: "settings.update" }).orderBy("id")) as {
      actor: string;
      target: string;
      details: unknown;
      at: unknown;
    }[];
    const details = rows.map((r) =>
      typeof r.details === "string" ? (JSON.parse(r.details) as unknown) : r.details,
    );
    expect(rows.map((r) => [r.actor, r.target])).toEqual([
      ["@alice:x", "scrub_days"],
      ["@bob:x", "scrub_days"],
    ]);
    expect(details).toEqual([
      { old: null, new: 30 },
      { old: 30, new: null },
    ]);
    expect(rows.every((r) => r.at !== null)).toBe(true);
  });
});

forEachDatabase("scrubRunStore", (getDb) => {
  it("records runs with their rooms, saves progress, finishes and lists newest first", async () => {
    const store = makeScrubRunStore(getDb());
    await store.create(run("s1", 1_000_000), [
      { roomId: "!a:x", kind: "department", name: "Circulation" },
      { roomId: "!b:x", kind: "direct" },
    ]);
    await store.create(run("s2", 2_000_000), []);
    expect((await store.unfinished()).map((r) => r.id)).toEqual(["s1", "s2"]);
    const [first, second] = await store.rooms("s1");
    expect(first).toMatchObject({ roomId: "!a:x", kind: "department", step: "pending", media: [] });
    // The name as it was when the run started; none recorded for a room without one.
    expect(first?.name).toBe("Circulation");
    expect(second?.roomId).toBe("!b:x");
    expect(second && "name" in second).toBe(false);
    if (first === undefined) throw new Error("no room");
    await store.updateRoom({
      ...first,
      step: "scanned",
      boundaryEventId: "$b",
      purgeSteps: ["$s1", "$s2"],
      events: 12,
      messages: 10,
      media: ["mxc://x/1"],
    });
    expect((await store.rooms("s1"))[0]).toMatchObject({
      step: "scanned",
      boundaryEventId: "$b",
      purgeSteps: ["$s1", "$s2"],
      events: 12,
      messages: 10,
      media: ["mxc://x/1"],
    });
    await store.finish("s1", {
      status: "partial",
      eventsPurged: 12,
      mediaDeleted: 1,
      errors: ["!b:x: boom"],
      finishedAt: new Date(1_500_000),
    });
    expect(await store.get("s1")).toEqual({
      ...run("s1", 1_000_000),
      status: "partial",
      eventsPurged: 12,
      mediaDeleted: 1,
      errors: ["!b:x: boom"],
      finishedAt: new Date(1_500_000),
      holder: null,
      reason: null,
    });
    expect((await store.recent(5)).map((r) => r.id)).toEqual(["s2", "s1"]);
    expect((await store.unfinished()).map((r) => r.id)).toEqual(["s2"]);
  });

  it("records who resumed a run and why", async () => {
    const store = makeScrubRunStore(getDb());
    await store.resumedBy("s2", "desk|12|ab", "resumed");
    expect(await store.get("s2")).toMatchObject({ holder: "desk|12|ab", reason: "resumed" });
    expect(await store.get("s1")).toMatchObject({ reason: null });
  });

  it("reads the scope from managed_rooms and direct_rooms only", async () => {
    const db = getDb();
    await db("managed_rooms").insert([
      { kind: "space", key: "space", room_id: "!space:x", alias: "#s:x", updated_at: 1 },
      { kind: "department", key: "it", room_id: "!it:x", alias: "#it:x", updated_at: 1 },
    ]);
    await db("direct_rooms").insert([
      { pair_key: "@a:x|@b:x", user_a: "@a:x", user_b: "@b:x", room_id: "!dm:x", status: "ready" },
      { pair_key: "@a:x|@c:x", user_a: "@a:x", user_b: "@c:x", room_id: null, status: "creating" },
    ]);
    expect(await makeScrubScopeSource(db)()).toEqual([
      { roomId: "!space:x", kind: "space" },
      { roomId: "!it:x", kind: "department" },
      { roomId: "!dm:x", kind: "direct" },
    ]);
    // Named from the directory; a department it no longer lists from Matrix, marked archived.
    await db("managed_rooms").insert([
      { kind: "department", key: "old", room_id: "!old:x", alias: "#old:x", updated_at: 1 },
    ]);
    const asked: string[] = [];
    const naming = {
      getOrg: () => ({
        operators: [
          { userId: "@b:x", displayName: "Bob Baker" },
          { userId: "@a:x", displayName: "Alice Archer" },
        ],
        departments: [{ id: "it", name: "IT", members: [], admins: [] }],
        admins: [],
      }),
      matrixName: (roomId: string) => (asked.push(roomId), Promise.resolve("Old desk")),
    };
    expect(await makeScrubScopeSource(db, naming)()).toEqual([
      { roomId: "!space:x", kind: "space", name: "Staffroom" },
      { roomId: "!it:x", kind: "department", name: "IT" },
      { roomId: "!old:x", kind: "department", name: "Old desk (archived)" },
      { roomId: "!dm:x", kind: "direct", name: "Direct chat: Alice Archer · Bob Baker" },
    ]);
    expect(asked).toEqual(["!old:x"]);
  });
});

const live = (roomId: string, id: string, ts: number, extra: object = {}) => ({
  room_id: roomId,
  event_id: id,
  type: "m.room.message",
  origin_server_ts: ts,
  media: [],
  ...extra,
});

forEachDatabase("scrubLedgerStore", (getDb) => {
  it("orders history read from Synapse before live events, stopping at the first live one", async () => {
    const ledger = makeScrubLedgerStore(getDb());
    await ledger.recordLive([live("!r:x", "$l1", 30), live("!r:x", "$l2", 40)]);
    // Synapse resends a transaction it got no answer for: nothing doubles.
    await ledger.recordLive([live("!r:x", "$l1", 30)]);
    expect(await ledger.isComplete("!r:x")).toBe(false);
    const history = [
      { event_id: "$c", type: "m.room.create", state_key: "", origin_server_ts: 1 },
      {
        event_id: "$h1",
        type: "m.room.message",
        origin_server_ts: 10,
        content: { msgtype: "m.file", url: "mxc://x/f" },
      },
      { event_id: "$l1", type: "m.room.message", origin_server_ts: 30 },
      { event_id: "$after", type: "m.room.message", origin_server_ts: 35 },
    ];
    expect(await ledger.addHistory("!r:x", history)).toEqual({ reachedLive: true });
    await ledger.markComplete("!r:x");
    expect(await ledger.isComplete("!r:x")).toBe(true);
    const first = await ledger.page("!r:x", undefined, 2);
    expect(first.events).toEqual([
      { event_id: "$c", type: "m.room.create", state_key: "", origin_server_ts: 1, media: [] },
      { event_id: "$h1", type: "m.room.message", origin_server_ts: 10, media: ["mxc://x/f"] },
    ]);
    const second = await ledger.page("!r:x", first.next, 2);
    expect(second.events.map((e) => e.event_id)).toEqual(["$l1", "$l2"]);
    expect((await ledger.page("!r:x", second.next, 2)).events).toEqual([]);

    await ledger.forgetBefore("!r:x", "$l1");
    expect((await ledger.page("!r:x", undefined, 10)).events.map((e) => e.event_id)).toEqual([
      "$l1",
      "$l2",
    ]);
    // A boundary the ledger has not seen yet (a marker just written): everything goes.
    await ledger.forgetBefore("!r:x", "$marker");
    expect((await ledger.page("!r:x", undefined, 10)).events).toEqual([]);
    expect(await ledger.isComplete("!r:x")).toBe(true);
  });

  it("marks a room complete when its m.room.create arrives live; forgets rooms out of scope", async () => {
    const db = getDb();
    const ledger = makeScrubLedgerStore(db);
    await db("managed_rooms").insert([
      { kind: "department", key: "it", room_id: "!it:x", alias: "#it:x", updated_at: 1 },
    ]);
    const create = { type: "m.room.create", state_key: "" };
    await ledger.recordLive([
      live("!it:x", "$c1", 1, create),
      live("!meeting:x", "$c2", 1, create),
      live("!meeting:x", "$m", 2),
    ]);
    expect(await ledger.isComplete("!it:x")).toBe(true);
    expect(await ledger.isComplete("!meeting:x")).toBe(true);
    await ledger.forgetOutsideScope();
    expect(await ledger.isComplete("!meeting:x")).toBe(false);
    expect((await ledger.page("!meeting:x", undefined, 10)).events).toEqual([]);
    expect((await ledger.page("!it:x", undefined, 10)).events).toHaveLength(1);
  });

  it("is emptied when the scrub is turned on or off, in the settings transaction", async () => {
    const db = getDb();
    const ledger = makeScrubLedgerStore(db);
    const settings = makeSettingsStore(db);
    await settings.setScrubDays(30, "@a:x");
    await ledger.recordLive([live("!r:x", "$1", 1, { type: "m.room.create", state_key: "" })]);
    // Changing the number of days keeps it.
    await settings.setScrubDays(10, "@a:x");
    expect(await ledger.isComplete("!r:x")).toBe(true);
    await settings.setScrubDays(null, "@a:x");
    expect(await ledger.isComplete("!r:x")).toBe(false);
    expect((await ledger.page("!r:x", undefined, 10)).events).toEqual([]);
  });
});
