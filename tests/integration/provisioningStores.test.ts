import { expect, it } from "vitest";
import { makeManagedRoomStore } from "../../appservice/src/db/managedRoomStore.ts";
import { makeSyncRunStore } from "../../appservice/src/db/syncRunStore.ts";
import { forEachDatabase } from "../harness/databases.ts";

// The provisioning stores on SQLite and a real PostgreSQL: bigint epoch-ms times, booleans,
// upserts that move an alias between keys, and interrupted runs (the lock: runLocks.test.ts).

forEachDatabase("managedRoomStore", (getDb) => {
  it("upserts, lists in insertion order, archives and unarchives", async () => {
    const store = makeManagedRoomStore(getDb());
    await store.upsert({
      kind: "space",
      key: "space",
      roomId: "!s:x",
      alias: "#staffroom-space:x",
    });
    await store.upsert({ kind: "department", key: "it", roomId: "!it:x", alias: "#dept-it:x" });
    const at = new Date("2026-01-02T03:04:05.678Z");
    await store.setArchived("department", "it", at);
    expect(await store.get("department", "it")).toEqual({
      kind: "department",
      key: "it",
      roomId: "!it:x",
      alias: "#dept-it:x",
      archivedAt: at,
    });
    expect((await store.list()).map((r) => r.key)).toEqual(["space", "it"]);
    // A recreated room replaces the row (and clears the archive mark).
    await store.upsert({ kind: "department", key: "it", roomId: "!it2:x", alias: "#dept-it:x" });
    expect(await store.get("department", "it")).toMatchObject({
      roomId: "!it2:x",
      archivedAt: null,
    });
    expect(await store.get("department", "nope")).toBeUndefined();
  });

  it("tracks the memberships the sync made", async () => {
    const store = makeManagedRoomStore(getDb());
    await store.addManagedMember("!a:x", "@alice:x");
    await store.addManagedMember("!a:x", "@alice:x");
    await store.addManagedMember("!a:x", "@bob:x");
    await store.addManagedMember("!b:x", "@alice:x");
    await store.removeManagedMember("!a:x", "@bob:x");
    expect(await store.listManagedMembers()).toEqual(
      new Map([
        ["!a:x", new Set(["@alice:x"])],
        ["!b:x", new Set(["@alice:x"])],
      ]),
    );
    await store.forgetUser("@alice:x");
    expect(await store.listManagedMembers()).toEqual(new Map());
  });
});

forEachDatabase("syncRunStore", (getDb) => {
  it("records runs newest first with their summary", async () => {
    const store = makeSyncRunStore(getDb());
    const holder = "desk|12|ab";
    await store.start({
      id: "r1",
      trigger: "startup",
      dryRun: false,
      startedAt: new Date(1000),
      holder,
    });
    await store.start({
      id: "r2",
      trigger: "api",
      dryRun: true,
      startedAt: new Date(2000),
      holder,
    });
    await store.finish("r2", {
      status: "succeeded",
      finishedAt: new Date(2500),
      summary: { n: 1 },
    });
    const [newest, oldest] = await store.recent(2);
    expect(newest).toEqual({
      id: "r2",
      trigger: "api",
      dryRun: true,
      startedAt: new Date(2000),
      finishedAt: new Date(2500),
      status: "succeeded",
      summary: { n: 1 },
      reason: null,
    });
    expect(oldest).toMatchObject({ id: "r1", dryRun: false, status: "running", finishedAt: null });
  });

  it("audits actions with their run id", async () => {
    const db = getDb();
    const store = makeSyncRunStore(db);
    await store.audit({ runId: "r9", action: "sync.join", target: "@a:x", details: { ok: 1 } });
    const rows = (await db("audit_log").where({ run_id: "r9" })) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: "staffroom", action: "sync.join", target: "@a:x" });
  });

  it("marks runs left by a gone process interrupted, and only those", async () => {
    const store = makeSyncRunStore(getDb());
    const at = new Date(9_000_000);
    const run = (id: string, dryRun: boolean, holder: string) =>
      store.start({ id, trigger: "cli", dryRun, startedAt: new Date(8_000_000), holder });
    await run("i-write", false, "far|1|a");
    await run("i-dry-dead", true, "here|2|b");
    await run("i-dry-live", true, "here|3|c");
    await run("i-own", false, "here|4|d");
    const gone = (holder: { pid: number }) => holder.pid === 2;
    const left = await store.interruptLeftOver("i-own", gone, "stopped", at);
    // r1, the first test's writing run, was left running too.
    expect(left.sort()).toEqual(["i-dry-dead", "i-write", "r1"]);
    const byId = new Map((await store.recent(10)).map((r) => [r.id, r]));
    expect(byId.get("i-write")).toMatchObject({
      status: "interrupted",
      finishedAt: at,
      reason: "stopped",
    });
    expect(byId.get("i-dry-dead")?.status).toBe("interrupted");
    expect(byId.get("i-dry-live")).toMatchObject({ status: "running", reason: null });
    expect(byId.get("i-own")?.status).toBe("running");
    expect(await store.interruptLeftOver("i-own", gone, "stopped", at)).toEqual([]);
  });
});
