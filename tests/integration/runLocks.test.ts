import { expect, it } from "vitest";
import { makeLockTable } from "../../appservice/src/db/lockTable.ts";
import type { LockHolder } from "../../appservice/src/locks/lockDecision.ts";
import { makeRunLock, type RunLockOptions } from "../../appservice/src/locks/runLock.ts";
import { forEachDatabase } from "../harness/databases.ts";
import { waitFor } from "../harness/waitFor.ts";

// The run lock (locks/runLock.ts on db/lockTable.ts) on SQLite and a real PostgreSQL: a live
// holder keeps it, a dead holder on this machine loses it at once, a stale heartbeat from
// another machine loses it, a fresh one does not, and of many processes trying at once exactly
// one wins. Each test uses its own lock name (the suite shares its database).

const T0 = 1_800_000_000_000;
const here = (pid: number): LockHolder => ({ host: "desk-1", pid, instance: `i${pid}` });
const far = (pid: number): LockHolder => ({ host: "desk-2", pid, instance: `f${pid}` });
// Processes 100 to 199 are alive, every other one is gone.
const exists = (pid: number) => pid >= 100 && pid < 200;

forEachDatabase("runLocks", (getDb) => {
  let now = T0;
  const lockAs = (name: string, self: LockHolder, over: RunLockOptions = {}) =>
    makeRunLock(makeLockTable(getDb()), name, {
      self,
      now: () => now,
      processExists: exists,
      heartbeatMs: 5_000,
      ...over,
    });

  it("keeps a live holder's lock, on this machine and on another", async () => {
    now = T0;
    const holder = lockAs("live", here(100));
    expect(await holder.acquire()).toBe(true);
    expect(await lockAs("live", here(101)).acquire()).toBe(false);
    expect(await lockAs("live", far(101)).acquire()).toBe(false);
    now += 10_000;
    expect(await holder.renew()).toBe(true);
    now += 10_000;
    expect(await lockAs("live", far(102)).acquire()).toBe(false);
    await holder.release();
    expect(await getDb()("run_locks").where({ name: "live" })).toEqual([]);
    const next = lockAs("live", far(102));
    expect(await next.acquire()).toBe(true);
    await next.release();
  });

  it("takes a dead local holder's lock at once, heartbeat fresh", async () => {
    now = T0;
    const dead = lockAs("dead", here(300));
    expect(await dead.acquire()).toBe(true);
    const taker = lockAs("dead", here(100));
    expect(await taker.acquire()).toBe(true);
    expect(await taker.current()).toMatchObject({ host: "desk-1", pid: 100, instance: "i100" });
    expect(await dead.renew()).toBe(false);
    expect(dead.held()).toBe(false);
    await taker.release();
  });

  it("takes at once the lock of an earlier process with our process ID", async () => {
    now = T0;
    const before = lockAs("reused", { host: "desk-1", pid: 1, instance: "before" });
    expect(await before.acquire()).toBe(true);
    const after = lockAs("reused", { host: "desk-1", pid: 1, instance: "after" });
    expect(await after.acquire()).toBe(true);
    await after.release();
  });

  it("respects a fresh heartbeat from another machine and takes a stale one", async () => {
    now = T0;
    const elsewhere = lockAs("foreign", far(300));
    expect(await elsewhere.acquire()).toBe(true);
    const local = lockAs("foreign", here(100));
    now = T0 + 15_000;
    expect(await local.acquire()).toBe(false);
    now = T0 + 15_001;
    expect(await local.acquire()).toBe(true);
    expect(await elsewhere.renew()).toBe(false);
    await elsewhere.release();
    expect((await local.current())?.pid).toBe(100);
    await local.release();
  });

  it("lets exactly one of many concurrent takers win", async () => {
    now = T0;
    expect(await lockAs("race-free", far(1)).acquire()).toBe(true);
    const dead = lockAs("race", here(300));
    expect(await dead.acquire()).toBe(true);
    for (const name of ["race", "race-free"]) {
      if (name === "race-free") now = T0 + 60_000;
      const takers = Array.from({ length: 8 }, (_, i) => lockAs(name, here(100 + i)));
      const won = await Promise.all(takers.map((lock) => lock.acquire()));
      expect(won.filter(Boolean), name).toHaveLength(1);
      const winner = takers[won.indexOf(true)];
      expect((await winner?.current())?.pid).toBe(100 + won.indexOf(true));
      expect(takers.filter((lock) => lock.held())).toEqual([winner]);
      await winner?.release();
    }
    // A free lock raced for: one insert wins.
    const fresh = Array.from({ length: 8 }, (_, i) => lockAs("race-new", here(110 + i)));
    const won = await Promise.all(fresh.map((lock) => lock.acquire()));
    expect(won.filter(Boolean)).toHaveLength(1);
    for (const lock of fresh) await lock.release();
  });

  it("beats on its own timer while held", async () => {
    now = T0;
    const lock = lockAs("beat", here(100), { heartbeatMs: 20 });
    expect(await lock.acquire()).toBe(true);
    now = T0 + 7_000;
    await waitFor("the timer's heartbeat", async () =>
      (await lock.current())?.heartbeatAt === T0 + 7_000 ? true : undefined,
    );
    await lock.release();
  });
});
