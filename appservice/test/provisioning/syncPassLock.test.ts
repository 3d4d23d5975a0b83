import type { Knex } from "knex";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKnex } from "../../src/db/knexFactory.ts";
import { makeLockTable } from "../../src/db/lockTable.ts";
import { makeManagedRoomStore } from "../../src/db/managedRoomStore.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { makeSyncRunStore } from "../../src/db/syncRunStore.ts";
import type { Org } from "../../src/directory/org.ts";
import { makeRunLock, SYNC_LOCK } from "../../src/locks/runLock.ts";
import { makeLogger } from "../../src/observability/logger.ts";
import {
  INTERRUPTED_REASON,
  runSyncPass,
  type SyncPassDeps,
} from "../../src/provisioning/syncPass.ts";
import { makeMemoryGateway } from "./memoryGateway.ts";

// The sync pass and its run lock (SQLite :memory:, in-memory homeserver): busy while another
// process holds it, nothing applied once it was taken over, and runs left by a gone process
// marked interrupted.

const BOT = "@staffbot:test";
const org: Org = {
  operators: [{ userId: "@alice:test", displayName: "alice" }],
  departments: [{ id: "it", name: "IT", members: ["@alice:test"], admins: [] }],
  admins: [],
};

describe("runSyncPass and the sync lock", () => {
  let db: Knex;
  let memory: ReturnType<typeof makeMemoryGateway>;
  let deps: SyncPassDeps;
  beforeEach(async () => {
    db = createKnex({ client: "sqlite3", filename: ":memory:" });
    await migrateToLatest(db);
    memory = makeMemoryGateway(BOT);
    deps = {
      openGateway: () => ({ gateway: memory.gateway, counts: () => ({ reads: 0, writes: 0 }) }),
      rooms: makeManagedRoomStore(db),
      runs: makeSyncRunStore(db),
      lock: makeRunLock(makeLockTable(db), SYNC_LOCK),
      getOrg: () => org,
      log: makeLogger("SyncLockTest"),
      settings: {
        serverName: "test",
        botUserId: BOT,
        concurrency: 2,
        encryptRooms: false,
        deactivateDeparted: false,
      },
    };
  });
  afterEach(() => db.destroy());

  const pass = () => runSyncPass(deps, { trigger: "test", dryRun: false });

  it("does nothing while another process holds the lock", async () => {
    const elsewhere = makeRunLock(makeLockTable(db), SYNC_LOCK, {
      self: { host: "other-machine", pid: 7, instance: "x" },
    });
    expect(await elsewhere.acquire()).toBe(true);
    const busy = await pass();
    expect(busy.summary.status).toBe("busy");
    expect(memory.writes).toEqual([]);
    await elsewhere.release();
    expect((await pass()).summary.status).toBe("succeeded");
  });

  it("applies nothing when its lock was taken over while it observed", async () => {
    const observe = deps.openGateway;
    deps.openGateway = () => {
      const opened = observe();
      const observeStaffList = opened.gateway.observeStaffList.bind(opened.gateway);
      opened.gateway.observeStaffList = async (alias) => {
        // Another process took the lock over (say this one stalled past the staleness).
        await db("run_locks").update({ owner: "someone-else" });
        return observeStaffList(alias);
      };
      return opened;
    };
    const result = await pass();
    expect(result.summary).toMatchObject({
      status: "failed",
      applied: 0,
      error: "lost the sync lock to another process before applying the plan",
    });
    expect(memory.writes).toEqual([]);
    expect(await db("run_locks").pluck("owner")).toEqual(["someone-else"]);
  });

  it("marks runs left running by a gone process interrupted once it holds the lock", async () => {
    const runs = makeSyncRunStore(db);
    const startedAt = new Date(Date.now() - 60_000);
    // A writing pass of a process killed mid-pass, a dry run of a dead local process, and a
    // dry run of a process on another machine (not ours to judge: left alone).
    await runs.start({ id: "w", trigger: "startup", dryRun: false, startedAt, holder: "h|1|a" });
    const here = deps.lock.self;
    const deadHere = `${here.host}|${here.pid}|an-earlier-process`;
    await runs.start({ id: "d", trigger: "cli", dryRun: true, startedAt, holder: deadHere });
    await runs.start({ id: "o", trigger: "cli", dryRun: true, startedAt, holder: "far|2|b" });
    const result = await pass();
    const byId = new Map((await runs.recent(10)).map((run) => [run.id, run]));
    expect(byId.get(result.runId)?.status).toBe("succeeded");
    for (const id of ["w", "d"]) {
      expect(byId.get(id)).toMatchObject({
        status: "interrupted",
        reason: INTERRUPTED_REASON,
      });
      expect(byId.get(id)?.finishedAt?.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
    }
    expect(byId.get("o")).toMatchObject({ status: "running", reason: null });
  });
});
