import { expect, it } from "vitest";
import { makeIntakeStore } from "../../appservice/src/db/intakeStore.ts";
import { forEachDatabase } from "../harness/databases.ts";

// The transaction intake's records (migration 0009) on SQLite and a real PostgreSQL: done
// transactions and events survive a new connection, recording twice is harmless, lookups of
// many IDs are chunked, and pruning removes only old rows. Each test uses its own IDs.

const T0 = 1_800_000_000_000;

forEachDatabase("intakeStore", (getDb) => {
  it("remembers done transactions, idempotently", async () => {
    const store = makeIntakeStore(getDb());
    expect(await store.isTransactionDone("a1")).toBe(false);
    await store.markTransactionDone("a1", new Date(T0));
    await store.markTransactionDone("a1", new Date(T0 + 5));
    expect(await store.isTransactionDone("a1")).toBe(true);
    expect(await getDb()("appservice_transactions").where({ txn_id: "a1" })).toHaveLength(1);
  });

  it("remembers done events across transactions and finds them among many IDs", async () => {
    const store = makeIntakeStore(getDb());
    const ids = Array.from({ length: 1_203 }, (_, i) => `$b${i}:s`);
    for (const id of ["$b0:s", "$b600:s", "$b1202:s"]) {
      await store.markEventDone(id, "b1", new Date(T0));
    }
    await store.markEventDone("$b600:s", "b2", new Date(T0 + 1));
    expect([...(await store.doneEvents(ids))].sort()).toEqual(["$b0:s", "$b1202:s", "$b600:s"]);
    expect(await store.doneEvents([])).toEqual(new Set());
    // The first transaction that carried it is kept.
    expect(
      await getDb()("appservice_events").where({ event_id: "$b600:s" }).pluck("txn_id"),
    ).toEqual(["b1"]);
  });

  it("prunes only rows older than the cutoff, in both tables", async () => {
    const store = makeIntakeStore(getDb());
    await store.markTransactionDone("c-old", new Date(T0 - 10));
    await store.markTransactionDone("c-new", new Date(T0 + 10));
    await store.markEventDone("$c-old:s", "c-old", new Date(T0 - 10));
    await store.markEventDone("$c-new:s", "c-new", new Date(T0 + 10));
    expect(await store.prune(new Date(T0))).toBeGreaterThanOrEqual(2);
    expect(await store.isTransactionDone("c-old")).toBe(false);
    expect(await store.isTransactionDone("c-new")).toBe(true);
    expect([...(await store.doneEvents(["$c-old:s", "$c-new:s"]))]).toEqual(["$c-new:s"]);
  });

  it("keeps IDs at the spec's 255-character limit", async () => {
    const store = makeIntakeStore(getDb());
    const txn = "9".repeat(255);
    const event = `$${"e".repeat(254)}`;
    await store.markTransactionDone(txn, new Date(T0));
    await store.markEventDone(event, txn, new Date(T0));
    expect(await store.isTransactionDone(txn)).toBe(true);
    expect(await store.doneEvents([event])).toEqual(new Set([event]));
  });
});
