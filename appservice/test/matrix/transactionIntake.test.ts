import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { MatrixEvent } from "../../src/matrix/events.ts";
import {
  INTAKE_RETENTION_MS,
  makeTransactionIntake,
  type IntakeDeps,
  type IntakeStore,
} from "../../src/matrix/transactionIntake.ts";
import { makeLogger } from "../../src/observability/logger.ts";
import { createMetrics } from "../../src/observability/metrics.ts";
import { captureLogs } from "../helpers/logs.ts";

/** An in-memory {@link IntakeStore}, its maps open for assertions. */
function memoryStore(): IntakeStore & {
  txns: Map<string, number>;
  events: Map<string, number>;
} {
  const txns = new Map<string, number>();
  const events = new Map<string, number>();
  const store = {
    txns,
    events,
    isTransactionDone: (id: string) => Promise.resolve(txns.has(id)),
    markTransactionDone(id: string, at: Date) {
      if (!txns.has(id)) txns.set(id, at.getTime());
      return Promise.resolve();
    },
    doneEvents: (ids: readonly string[]) =>
      Promise.resolve(new Set(ids.filter((i) => events.has(i)))),
    markEventDone(id: string, _txn: string, at: Date) {
      if (!events.has(id)) events.set(id, at.getTime());
      return Promise.resolve();
    },
    prune(before: Date) {
      let removed = 0;
      for (const map of [txns, events]) {
        for (const [key, at] of map) {
          if (at < before.getTime()) removed += Number(map.delete(key));
        }
      }
      return Promise.resolve(removed);
    },
  };
  return store;
}

const text = (n: number) => ({
  type: "m.room.message",
  event_id: `$e${n}:staffroom.local`,
  room_id: "!room:staffroom.local",
  sender: "@alice:staffroom.local",
  origin_server_ts: 1_760_000_000_000 + n,
  content: { msgtype: "m.text", body: `message ${n}` },
});

function setUp(extra: Partial<IntakeDeps> = {}) {
  const store = memoryStore();
  const routed: string[] = [];
  const intake = makeTransactionIntake({
    store,
    route: (event: MatrixEvent) => {
      routed.push(event.event_id ?? "?");
      return Promise.resolve();
    },
    log: makeLogger("Intake"),
    ...extra,
  });
  return { store, routed, intake };
}

describe("makeTransactionIntake", () => {
  it("skips malformed events with the transaction id and the reason, and runs the rest", async () => {
    const logs = captureLogs("warn");
    const registry = new Registry();
    const { intake, routed, store } = setUp({ metrics: createMetrics(registry) });
    const answer = await intake("t1", { events: [{}, text(1), { ...text(2), type: 5 }, text(3)] });
    expect(answer).toEqual({ status: 200, body: {} });
    expect(routed).toEqual(["$e1:staffroom.local", "$e3:staffroom.local"]);
    expect(store.txns.has("t1")).toBe(true);
    expect(logs.lines.join("\n")).toMatch(/skipped a malformed event.*txn_id=t1.*index=0/);
    expect(logs.lines.join("\n")).toMatch(/index=2.*event_id=\$e2:staffroom.local.*type:/);
    expect(await registry.metrics()).toContain("staffroom_matrix_events_skipped_total 2");
  });

  it("logs at most ten malformed events one by one, then a count", async () => {
    const logs = captureLogs("warn");
    const { intake } = setUp();
    await intake("junk", {
      events: Array.from({ length: 25 }, () => ({ type: "x".repeat(5000) })),
    });
    expect(logs.lines.filter((l) => l.includes("skipped a malformed event"))).toHaveLength(10);
    expect(logs.lines.join("\n")).toMatch(/skipped more malformed events.*more=15/);
    expect(Math.max(...logs.lines.map((l) => l.length))).toBeLessThan(1000);
  });

  it("refuses a body without an events array with 400 M_BAD_JSON and remembers nothing", async () => {
    captureLogs("error");
    const { intake, store } = setUp();
    for (const body of [{ events: "nope" }, null, [], "x", {}]) {
      expect(await intake("bad", body)).toMatchObject({
        status: 400,
        body: { errcode: "M_BAD_JSON", error: expect.stringContaining("events") },
      });
    }
    expect(store.txns.size).toBe(0);
    expect(await intake("bad", { events: [text(1)] })).toMatchObject({ status: 200 });
  });

  it("refuses empty and overlong transaction ids", async () => {
    const { intake } = setUp();
    expect(await intake("", { events: [] })).toMatchObject({ status: 400 });
    expect(await intake("9".repeat(256), { events: [] })).toMatchObject({
      status: 400,
      body: { errcode: "M_INVALID_PARAM" },
    });
  });

  it("acknowledges a resent transaction without running it again", async () => {
    const { intake, routed } = setUp();
    await intake("t1", { events: [text(1)] });
    expect(await intake("t1", { events: [text(1), text(2)] })).toEqual({ status: 200, body: {} });
    expect(routed).toEqual(["$e1:staffroom.local"]);
  });

  it("runs an event once when it comes again in another transaction, or twice in one", async () => {
    const { intake, routed } = setUp();
    await intake("t1", { events: [text(1), text(1)] });
    await intake("t2", { events: [text(1), text(2)] });
    expect(routed).toEqual(["$e1:staffroom.local", "$e2:staffroom.local"]);
  });

  it("after a failure mid-transaction, the resend runs only the events not yet done", async () => {
    captureLogs("error");
    const { intake, routed, store } = setUp();
    // The second event's record fails: 500, the transaction stays undone.
    let calls = 0;
    const original = store.markEventDone.bind(store);
    store.markEventDone = (id, txn, at) => {
      calls += 1;
      return calls === 2 ? Promise.reject(new Error("database is gone")) : original(id, txn, at);
    };
    expect(await intake("t1", { events: [text(1), text(2), text(3)] })).toMatchObject({
      status: 500,
      body: { errcode: "M_UNKNOWN" },
    });
    expect(store.txns.has("t1")).toBe(false);
    expect(await intake("t1", { events: [text(1), text(2), text(3)] })).toMatchObject({
      status: 200,
    });
    // e2 ran twice: its handlers finished but its record failed (at least once, never lost).
    expect(routed).toEqual([
      "$e1:staffroom.local",
      "$e2:staffroom.local",
      "$e2:staffroom.local",
      "$e3:staffroom.local",
    ]);
  });

  it("answers 500 and runs nothing when the tap fails, so Synapse resends", async () => {
    captureLogs("error");
    let tapFails = true;
    const { intake, routed, store } = setUp({
      tap: () => (tapFails ? Promise.reject(new Error("ledger down")) : Promise.resolve()),
    });
    expect(await intake("t1", { events: [text(1)] })).toMatchObject({ status: 500 });
    expect(routed).toEqual([]);
    tapFails = false;
    expect(await intake("t1", { events: [text(1)] })).toMatchObject({ status: 200 });
    expect(routed).toEqual(["$e1:staffroom.local"]);
    expect(store.txns.has("t1")).toBe(true);
  });

  it("gives the tap only the valid events", async () => {
    const tapped: unknown[][] = [];
    const { intake } = setUp({
      tap: (events) => {
        tapped.push([...events]);
        return Promise.resolve();
      },
    });
    await intake("t1", { events: [{ event_id: "$bad" }, text(1)] });
    expect(tapped).toEqual([[text(1)]]);
  });

  it("takes transactions one at a time, in the order they came", async () => {
    const order: string[] = [];
    const store = memoryStore();
    const intake = makeTransactionIntake({
      store,
      log: makeLogger("Intake"),
      route: async (event) => {
        order.push(`start ${event.event_id}`);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(`end ${event.event_id}`);
      },
    });
    await Promise.all([intake("a", { events: [text(1)] }), intake("b", { events: [text(2)] })]);
    expect(order).toEqual([
      "start $e1:staffroom.local",
      "end $e1:staffroom.local",
      "start $e2:staffroom.local",
      "end $e2:staffroom.local",
    ]);
  });

  it("forgets records older than the retention, pruning at most hourly", async () => {
    let now = 1_000_000_000_000;
    const { intake, store, routed } = setUp({ now: () => new Date(now) });
    await intake("t1", { events: [text(1)] });
    now += INTAKE_RETENTION_MS + 1;
    await intake("t2", { events: [text(2)] });
    expect([...store.txns.keys()]).toEqual(["t2"]);
    expect([...store.events.keys()]).toEqual(["$e2:staffroom.local"]);
    // Within the hour nothing is pruned, whatever its age; after it, the stale row goes.
    store.txns.set("stale", 0);
    now += 30 * 60 * 1000;
    await intake("t3", { events: [] });
    expect([...store.txns.keys()]).toEqual(["t2", "stale", "t3"]);
    now += 31 * 60 * 1000;
    await intake("t4", { events: [] });
    expect([...store.txns.keys()]).toEqual(["t2", "t3", "t4"]);
    expect(routed).toHaveLength(2);
  });
});
