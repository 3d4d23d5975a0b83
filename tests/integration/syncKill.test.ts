import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadConfig } from "@staffroom/appservice";
import { createKnex } from "../../appservice/src/db/knexFactory.ts";
import { startAppservice } from "../../scripts/lib/appserviceProcess.ts";
import type { SupervisedProcess } from "../../scripts/lib/supervisedProcess.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

// Recovery from a real crash: the appservice runs as its own OS process, is killed with SIGKILL
// in the middle of a sync pass that creates many department rooms, and a new process on the
// same database takes the dead process's lock at once (no "busy" pass), marks the killed run
// interrupted, and finishes the org as the directory says within 30 s of being started.

const env = useTestEnv({ users: ["alice", "bob"], admins: ["alice"] });
const DEPARTMENTS = 10;

type RunRow = {
  id: string;
  dry_run: number;
  trigger: string;
  status: string;
  started_at: number;
  finished_at: number | null;
  holder: string | null;
  reason: string | null;
};

it("converges after the appservice is killed with SIGKILL mid-sync", async () => {
  await env().appservice.sync.idle();
  await env().appservice.stop();
  const mxid = (localpart: string) => `@${localpart}:${env().serverName}`;
  // A directory that grew: one pass now creates 10 rooms (with their joins), one at a time.
  const directoryPath = join(env().synapse.dir, "directory-big.yaml");
  await writeFile(
    directoryPath,
    stringify({
      operators: ["alice", "bob"].map((u) => ({ user_id: mxid(u), display_name: u })),
      departments: Array.from({ length: DEPARTMENTS }, (_, i) => ({
        id: `d${i}`,
        name: `Department ${i}`,
        members: [mxid("alice"), mxid("bob")],
      })),
      admins: [mxid("alice")],
    }),
  );
  const written = parse(await readFile(env().configPath, "utf8")) as Record<string, unknown>;
  const configPath = join(env().synapse.dir, "appservice-sync-child.yaml");
  await writeFile(
    configPath,
    stringify({
      ...written,
      directory: { file: directoryPath },
      provisioning: { concurrency: 1, interval_minutes: 0 },
      retention: { check_interval_minutes: 0 },
    }),
  );
  const config = await loadConfig(configPath);
  const logFile = join(env().synapse.dir, "appservice-sync-child.log");
  const spawn = () => startAppservice({ configPath, url: env().appserviceUrl, logFile });
  const db = createKnex(config.database);
  const departmentRooms = async () =>
    (await db("managed_rooms").where({ kind: "department" }).pluck("room_id")) as string[];
  const children: SupervisedProcess[] = [];
  try {
    const first = await spawn();
    children.push(first);
    const pid = first.child.pid ?? 0;
    // Kill it once the start-up pass has created a few rooms and has many left.
    await waitFor(
      "the first process's pass to create some department rooms",
      async () => ((await departmentRooms()).length >= 2 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    first.child.kill("SIGKILL");
    await once(first.child, "exit");
    const createdBeforeKill = (await departmentRooms()).length;
    expect(createdBeforeKill).toBeLessThan(DEPARTMENTS);
    const killed = (await db("sync_runs").where({ status: "running", dry_run: false })) as RunRow[];
    expect(killed).toHaveLength(1);
    expect(killed[0]?.holder).toContain(`|${pid}|`);
    const lock = (await db("run_locks").where({ name: "membership-sync" }).first()) as
      { pid: number } | undefined;
    expect(Number(lock?.pid)).toBe(pid);

    const restartedAt = Date.now();
    const second = await spawn();
    const upAt = Date.now();
    children.push(second);
    const converged = await waitFor(
      "a sync pass of the restarted process to succeed",
      async () => {
        const rows = (await db("sync_runs")
          .where({ status: "succeeded", dry_run: false })
          .andWhere("started_at", ">=", restartedAt)) as RunRow[];
        return rows[0];
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    // Started as soon as the new process was up (its start-up pass, not a retry after "busy"),
    // and done within 30 s of starting the process.
    expect(converged.trigger).toBe("startup");
    const timings = {
      processUpMs: upAt - restartedAt,
      passStartedMs: Number(converged.started_at) - restartedAt,
      passDoneMs: Number(converged.finished_at) - restartedAt,
      createdBeforeKill,
    };
    expect(timings.passDoneMs, JSON.stringify(timings)).toBeLessThan(30_000);
    expect(converged.holder).toContain(`|${second.child.pid}|`);

    // The killed run: interrupted, ended, with the reason; never a "busy" pass meanwhile.
    const old = (await db("sync_runs").where({ id: killed[0]?.id }).first()) as RunRow;
    expect(old).toMatchObject({
      status: "interrupted",
      reason: "the appservice stopped during this run",
    });
    expect(Number(old.finished_at)).toBeGreaterThanOrEqual(restartedAt);
    expect(await db("sync_runs").where({ status: "busy" })).toEqual([]);
    expect(await db("sync_runs").where({ status: "running" })).toEqual([]);

    // The admin API lists it as such (and the new pass), for admins only.
    const runsUrl = new URL("/api/admin/sync/runs", env().appserviceUrl);
    const asUser = (user: "alice" | "bob") => ({
      headers: { authorization: `Bearer ${env().getUser(user).accessToken}` },
    });
    expect((await fetch(runsUrl, asUser("bob"))).status).toBe(403);
    const listed = (await (await fetch(runsUrl, asUser("alice"))).json()) as {
      runs: Record<string, unknown>[];
    };
    expect(listed.runs.find((r) => r["id"] === old.id)).toMatchObject({
      status: "interrupted",
      reason: "the appservice stopped during this run",
      dry_run: false,
      finished_at: new Date(Number(old.finished_at)).toISOString(),
    });
    expect(listed.runs.find((r) => r["id"] === converged.id)).toMatchObject({
      status: "succeeded",
      trigger: "startup",
    });

    // The org is as the directory says: every department room, alice and bob joined in each.
    const rooms = await departmentRooms();
    expect(rooms).toHaveLength(DEPARTMENTS);
    const alice = env().getUser("alice");
    const memberships = await Promise.all(
      rooms.flatMap((room) => [mxid("alice"), mxid("bob")].map((u) => alice.membership(room, u))),
    );
    expect(memberships.filter((m) => m !== "join")).toEqual([]);
  } finally {
    for (const child of children) await child.stop(5_000);
    await db.destroy();
  }
}, 300_000);
