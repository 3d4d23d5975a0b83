import type { Knex } from "knex";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKnex } from "../../src/db/knexFactory.ts";
import { makeLockTable } from "../../src/db/lockTable.ts";
import { makeManagedRoomStore } from "../../src/db/managedRoomStore.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { makeSyncRunStore } from "../../src/db/syncRunStore.ts";
import { makeRunLock, SYNC_LOCK } from "../../src/locks/runLock.ts";
import type { Org } from "../../src/directory/org.ts";
import { makeLogger } from "../../src/observability/logger.ts";
import { runSyncPass, type SyncPassDeps } from "../../src/provisioning/syncPass.ts";
import { makeMemoryGateway } from "./memoryGateway.ts";

const BOT = "@staffbot:test";
const u = (name: string) => `@${name}:test`;
const org: Org = {
  operators: ["alice", "bob", "carol"].map((n) => ({ userId: u(n), displayName: n })),
  departments: [
    { id: "sales", name: "Sales", members: [u("alice"), u("bob")], admins: [u("bob")] },
    { id: "it", name: "IT", members: [u("carol")], admins: [] },
  ],
  admins: [u("carol")],
};

describe("runSyncPass (SQLite :memory:, in-memory homeserver)", () => {
  let db: Knex;
  let memory: ReturnType<typeof makeMemoryGateway>;
  let current: Org;
  let deps: SyncPassDeps;
  beforeEach(async () => {
    db = createKnex({ client: "sqlite3", filename: ":memory:" });
    await migrateToLatest(db);
    memory = makeMemoryGateway(BOT);
    current = org;
    let reads = 0;
    deps = {
      openGateway: () => {
        const writesBefore = memory.writes.length;
        return {
          gateway: {
            ...memory.gateway,
            observeRoom: (id) => {
              reads++;
              return memory.gateway.observeRoom(id);
            },
          },
          counts: () => ({ reads, writes: memory.writes.length - writesBefore }),
        };
      },
      rooms: makeManagedRoomStore(db),
      runs: makeSyncRunStore(db),
      lock: makeRunLock(makeLockTable(db), SYNC_LOCK),
      getOrg: () => current,
      log: makeLogger("SyncTest"),
      settings: {
        serverName: "test",
        botUserId: BOT,
        concurrency: 3,
        encryptRooms: false,
        deactivateDeparted: true,
      },
    };
  });
  afterEach(() => db.destroy());

  const pass = (dryRun = false) => runSyncPass(deps, { trigger: "test", dryRun });

  it("provisions everything, audits every action with the run id, then converges", async () => {
    const first = await pass();
    expect(first.summary).toMatchObject({ status: "succeeded", failed: 0 });
    expect(memory.rooms.size).toBe(4);
    const sales = memory.room(memory.aliases.get("#dept-sales:test")!);
    expect(sales.members).toEqual({ [BOT]: "join", [u("alice")]: "join", [u("bob")]: "join" });
    expect(sales.powerUsers).toEqual({ [BOT]: 100, [u("carol")]: 100, [u("bob")]: 50 });
    const space = memory.room(memory.aliases.get("#staffroom-space:test")!);
    expect(space.space).toBe(true);
    expect(space.children.size).toBe(3);

    const audit = (await db("audit_log").where({ run_id: first.runId })) as { action: string }[];
    expect(audit).toHaveLength(first.actions.length);
    expect(audit.every((row) => row.action.startsWith("sync."))).toBe(true);
    const [run] = await deps.runs.recent(1);
    expect(run).toMatchObject({ id: first.runId, status: "succeeded", dryRun: false });

    const second = await pass();
    expect(second.actions).toEqual([]);
    expect(second.summary.requests.writes).toBe(0);
    expect(second.summary.rooms_observed).toBe(4);
  });

  it("adopts a room created by a pass that died before recording it (no duplicates)", async () => {
    await memory.gateway.createRoom({
      aliasLocalpart: "dept-sales",
      name: "Sales",
      topic: undefined,
      space: false,
      encrypted: false,
      kind: "department",
    });
    await pass();
    expect(memory.rooms.size).toBe(4);
    expect((await deps.rooms.get("department", "sales"))?.roomId).toBe(
      memory.aliases.get("#dept-sales:test"),
    );
    expect((await pass()).actions).toEqual([]);
  });

  it("a dry run plans without writing, and is recorded as one", async () => {
    const dry = await pass(true);
    expect(dry.actions.length).toBeGreaterThan(0);
    expect(dry.outcomes).toEqual([]);
    expect(memory.writes).toEqual([]);
    expect((await deps.runs.recent(1))[0]).toMatchObject({ dryRun: true, status: "succeeded" });
  });

  it("records failed actions and carries on with the rest", async () => {
    memory.failOn.add("join");
    const result = await pass();
    expect(result.summary.status).toBe("partial");
    expect(result.summary.failed).toBe(result.summary.by_type.join);
    const failed = (await db("audit_log")
      .where({ run_id: result.runId, action: "sync.join" })
      .select("details")) as { details: string }[];
    expect(failed.every((row) => JSON.parse(row.details).outcome === "failed")).toBe(true);
    memory.failOn.clear();
    const retry = await pass();
    expect(retry.actions.every((a) => a.type === "join")).toBe(true);
    expect(retry.summary.status).toBe("succeeded");
  });

  it("reports an unreachable homeserver as a failed run instead of throwing", async () => {
    await pass();
    deps.openGateway = () => ({
      gateway: {
        ...memory.gateway,
        observeRoom: () => Promise.reject(new Error("Synapse unreachable")),
      },
      counts: () => ({ reads: 0, writes: 0 }),
    });
    const result = await pass();
    expect(result.summary).toMatchObject({ status: "failed", error: "Synapse unreachable" });
    expect((await deps.runs.recent(1))[0]?.status).toBe("failed");
  });

  it("removes a departed operator everywhere, then deactivates them", async () => {
    await pass();
    current = {
      ...org,
      operators: org.operators.filter((o) => o.userId !== u("alice")),
      departments: [{ ...org.departments[0]!, members: [u("bob")] }, org.departments[1]!],
    };
    const result = await pass();
    expect(result.actions.map((a) => a.type)).toEqual([
      "setStaff",
      "remove",
      "remove",
      "remove",
      "deactivate",
    ]);
    expect(memory.deactivated).toEqual([u("alice")]);
    expect((await pass()).actions).toEqual([]);
  });

  it("lists someone new to the directory before joining them anywhere (the guard checks)", async () => {
    await pass();
    current = {
      ...org,
      operators: [...org.operators, { userId: u("dave"), displayName: "dave" }],
      departments: [
        { ...org.departments[0]!, members: [u("alice"), u("bob"), u("dave")] },
        org.departments[1]!,
      ],
    };
    const writesBefore = memory.writes.length;
    const result = await pass();
    expect(result.summary).toMatchObject({ status: "succeeded", failed: 0 });
    const writes = memory.writes.slice(writesBefore);
    expect(writes[0]).toBe(`staff ${u("dave")} true`);
    expect(writes.filter((w) => w.startsWith("join") && w.endsWith(u("dave")))).toHaveLength(3);
  });

  it("puts someone back on the list before the re-join that needs it", async () => {
    await pass();
    const [list] = memory.staffLists.values();
    list!.listed.delete(u("alice")); // as if the list had lost her
    const sales = memory.room(memory.aliases.get("#dept-sales:test")!);
    sales.members[u("alice")] = "leave";
    const result = await pass();
    // The list is repaired first, so the re-join goes through in the same pass.
    expect(result.actions.map((a) => a.type)).toEqual(["setStaff", "join"]);
    expect(result.summary.failed).toBe(0);
    expect(sales.members[u("alice")]).toBe("join");
  });

  it("brings an existing install under the guard in one pass: list made, rooms marked", async () => {
    await pass();
    for (const room of memory.rooms.values()) room.marker = undefined;
    memory.staffLists.clear();
    memory.aliases.delete("#staffroom-policy:test");
    const result = await pass();
    expect(result.actions.map((a) => a.type).sort()).toEqual([
      "createStaffList",
      "setMarker",
      "setMarker",
      "setMarker",
      "setMarker",
    ]);
    expect([...memory.staffLists.values()][0]?.listed).toEqual(
      new Set([u("alice"), u("bob"), u("carol")]),
    );
    expect([...memory.rooms.values()].map((r) => r.marker).sort()).toEqual([
      "all_staff",
      "department",
      "department",
      "space",
    ]);
    expect((await pass()).actions).toEqual([]);
  });

  it("adopts a staff list a dead pass created, bringing it to the directory", async () => {
    await memory.gateway.createStaffList("staffroom-policy", [u("alice"), u("zed")]);
    // The observation missed it (it was created after the pass looked).
    const observe = memory.gateway.observeStaffList;
    let first = true;
    memory.gateway.observeStaffList = (alias) => {
      if (first) {
        first = false;
        return Promise.resolve(undefined);
      }
      return observe(alias);
    };
    const result = await pass();
    expect(result.summary).toMatchObject({ status: "succeeded", failed: 0 });
    expect(memory.staffLists.size).toBe(1);
    expect([...memory.staffLists.values()][0]?.listed).toEqual(
      new Set([u("alice"), u("bob"), u("carol")]),
    );
  });

  it("archives a department removed from the directory, and brings it back", async () => {
    await pass();
    current = { ...org, departments: [org.departments[0]!] };
    await pass();
    const it = memory.room(memory.aliases.get("#dept-it:test")!);
    expect(it.name).toBe("IT (archived)");
    expect(it.members[u("carol")]).toBe("leave");
    expect((await deps.rooms.get("department", "it"))?.archivedAt).toBeInstanceOf(Date);
    expect((await pass()).actions).toEqual([]);

    current = org;
    await pass();
    expect(it.name).toBe("IT");
    expect(it.members[u("carol")]).toBe("join");
    expect((await deps.rooms.get("department", "it"))?.archivedAt).toBeNull();
  });
});
