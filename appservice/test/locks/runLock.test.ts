import { afterEach, describe, expect, it, vi } from "vitest";
import type { LockHolder } from "../../src/locks/lockDecision.ts";
import { makeRunLock, type RunLock } from "../../src/locks/runLock.ts";
import { MemoryLockTable } from "../helpers/memoryLockTable.ts";

const here = (pid: number, instance = `i${pid}`): LockHolder => ({ host: "desk-1", pid, instance });
const alive = new Set([100, 200]);
const exists = (pid: number) => alive.has(pid);

describe("makeRunLock (in-memory table)", () => {
  const locks: RunLock[] = [];
  let now = 1_000_000;
  const open = (table: MemoryLockTable, self: LockHolder, heartbeatMs = 5_000) => {
    const lock = makeRunLock(table, "scrub", {
      self,
      heartbeatMs,
      now: () => now,
      processExists: exists,
    });
    locks.push(lock);
    return lock;
  };
  afterEach(async () => {
    for (const lock of locks.splice(0)) await lock.release();
  });

  it("holds, renews and releases; a second live process waits", async () => {
    const table = new MemoryLockTable();
    const first = open(table, here(100));
    const second = open(table, here(200));
    expect(await first.acquire()).toBe(true);
    expect(first.held()).toBe(true);
    expect(await second.acquire()).toBe(false);
    now += 10_000;
    expect(await first.renew()).toBe(true);
    now += 10_000;
    expect(await second.acquire()).toBe(false);
    await first.release();
    expect(first.held()).toBe(false);
    expect(await second.acquire()).toBe(true);
    expect((await second.current())?.pid).toBe(200);
  });

  it("beats on its own timer while held", async () => {
    const table = new MemoryLockTable();
    const lock = open(table, here(100), 10);
    expect(await lock.acquire()).toBe(true);
    const first = table.rows.get("scrub")?.heartbeatAt;
    now += 1_000;
    await vi.waitFor(() => expect(table.rows.get("scrub")?.heartbeatAt).toBe((first ?? 0) + 1_000));
  });

  it("notices when a stale hold was taken over, and stops renewing it", async () => {
    const table = new MemoryLockTable();
    const slow = open(table, { host: "desk-2", pid: 5, instance: "far" });
    expect(await slow.acquire()).toBe(true);
    now += 16_000;
    const taker = open(table, here(100));
    expect(await taker.acquire()).toBe(true);
    expect(await slow.renew()).toBe(false);
    expect(slow.held()).toBe(false);
    await slow.release();
    expect((await taker.current())?.instance).toBe("i100");
  });

  it("takes a dead local holder's lock at once", async () => {
    const table = new MemoryLockTable();
    const dead = open(table, here(300));
    expect(await dead.acquire()).toBe(true);
    expect(await open(table, here(100)).acquire()).toBe(true);
  });
});
