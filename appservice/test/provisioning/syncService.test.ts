import type { Knex } from "knex";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKnex } from "../../src/db/knexFactory.ts";
import { makeManagedRoomStore } from "../../src/db/managedRoomStore.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { makeLockTable } from "../../src/db/lockTable.ts";
import { makeSyncRunStore } from "../../src/db/syncRunStore.ts";
import { makeRunLock, SYNC_LOCK } from "../../src/locks/runLock.ts";
import type { Org } from "../../src/directory/org.ts";
import { makeLogger } from "../../src/observability/logger.ts";
import { makeSyncService, type SyncService } from "../../src/provisioning/syncService.ts";
import { makeMemoryGateway } from "./memoryGateway.ts";

const BOT = "@staffbot:test";
const org: Org = {
  operators: [{ userId: "@alice:test", displayName: "Alice" }],
  departments: [{ id: "it", name: "IT", members: ["@alice:test"], admins: [] }],
  admins: [],
};

describe("makeSyncService", () => {
  let db: Knex;
  let service: SyncService;
  let memory: ReturnType<typeof makeMemoryGateway>;
  beforeEach(async () => {
    db = createKnex({ client: "sqlite3", filename: ":memory:" });
    await migrateToLatest(db);
    memory = makeMemoryGateway(BOT);
    service = makeSyncService(
      {
        openGateway: () => ({ gateway: memory.gateway, counts: () => ({ reads: 0, writes: 0 }) }),
        rooms: makeManagedRoomStore(db),
        runs: makeSyncRunStore(db),
        lock: makeRunLock(makeLockTable(db), SYNC_LOCK),
        getOrg: () => org,
        log: makeLogger("SyncServiceTest"),
        settings: {
          serverName: "test",
          botUserId: BOT,
          concurrency: 2,
          encryptRooms: false,
          deactivateDeparted: false,
        },
      },
      { intervalMinutes: 0, debounceMs: 20 },
    );
  });
  afterEach(async () => {
    await service.stop();
    await db.destroy();
  });

  it("never runs two passes at once: the second sees the first's rooms", async () => {
    const [first, second] = await Promise.all([
      service.run({ trigger: "a", dryRun: false }),
      service.run({ trigger: "b", dryRun: false }),
    ]);
    expect(first.summary.status).toBe("succeeded");
    expect(second.actions).toEqual([]);
    expect(memory.rooms.size).toBe(3);
  });

  it("debounces requests into one pass and reports it in health()", async () => {
    expect(service.health()).toEqual({ last_run: null, status: "pending" });
    service.request("drift");
    service.request("drift");
    service.request("directory-reload");
    await service.idle();
    expect(await db("sync_runs").count({ n: "*" })).toEqual([{ n: 1 }]);
    expect(service.health()).toMatchObject({ status: "succeeded", run_id: expect.any(String) });
  });

  it("knows who should be in each managed room after a pass", async () => {
    await service.run({ trigger: "test", dryRun: false });
    const itRoom = memory.aliases.get("#dept-it:test")!;
    expect(service.expectedMembers(itRoom)).toEqual(new Set(["@alice:test"]));
    expect(service.expectedMembers("!unmanaged:test")).toBeUndefined();
  });
});
