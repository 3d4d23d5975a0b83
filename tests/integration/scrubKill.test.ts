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
import { BotHistory, DAY, api, mediaStatus, readableMessages } from "./scrub/history.ts";

// Crash safety with a real crash: the appservice runs as its own OS process, is killed with
// SIGKILL in the middle of a scrub run (no clean-up of any kind), and a new process on the same
// database resumes the same run at once — the dead process's lock does not hold it up —,
// leaves the rooms it had finished alone, and finishes with exactly what the preview counted.

const departments = ["a", "b", "c", "d", "e", "f", "g", "h"].map((id) => ({
  id,
  name: `Dept ${id}`,
  members: ["alice"] as const,
}));
const env = useTestEnv({ users: ["alice"], admins: ["alice"], departments });
const OLD_PER_ROOM = 120;
const NEW_PER_ROOM = 3;

type RoomRow = { room_id: string; step: string; events: number; media_deleted: number };

it("resumes the same run after the appservice process is killed with SIGKILL", async () => {
  await env().appservice.sync.idle();
  const alice = env().getUser("alice");
  const bot = new BotHistory(env().synapse.url, env().synapse.secrets.as_token);
  const rooms = (await env()
    .appservice.db("managed_rooms")
    .where({ kind: "department" })
    .pluck("room_id")) as string[];
  expect(rooms).toHaveLength(departments.length);
  const files = new Map<string, string>();
  const fresh = new Map<string, string[]>();
  await Promise.all(
    rooms.map(async (room) => {
      // Several sends per room at once (Synapse batches them), still real, backdated events.
      for (let i = 0; i < OLD_PER_ROOM; i += 8) {
        await Promise.all(
          Array.from({ length: 8 }, (_, k) => bot.sendOldText(room, 30, `old ${i + k}`)),
        );
      }
      files.set(room, (await bot.sendOldFile(room, 12)).mxc);
      const kept: string[] = [];
      for (let i = 0; i < NEW_PER_ROOM; i++) kept.push(await bot.sendOldText(room, 2, `new ${i}`));
      fresh.set(room, kept);
    }),
  );
  const base = env().appserviceUrl;
  expect((await api(base, alice, "PUT", "/api/admin/settings", { scrub_days: 7 })).status).toBe(
    200,
  );
  const preview = await api(base, alice, "POST", "/api/admin/scrub/preview");
  const totals = preview.body["totals"] as { events: number; files: number };
  expect(totals).toEqual(
    expect.objectContaining({ events: rooms.length * (OLD_PER_ROOM + 1), files: rooms.length }),
  );

  // From here on the appservice is a separate process on the same database and port, without
  // the hourly timer (its start-up check would start a run of its own): only Run now and the
  // start-up resume. Rooms are purged in steps of 40 events, so the kill may also land between
  // steps of a room.
  await env().appservice.stop();
  const configPath = join(env().synapse.dir, "appservice-child.yaml");
  const written = parse(await readFile(env().configPath, "utf8")) as Record<string, unknown>;
  await writeFile(
    configPath,
    stringify({ ...written, retention: { check_interval_minutes: 0, purge_step_events: 40 } }),
  );
  const config = await loadConfig(configPath);
  const logFile = join(env().synapse.dir, "appservice-child.log");
  const spawn = () => startAppservice({ configPath, url: base, logFile });
  const db = createKnex(config.database);
  const children: SupervisedProcess[] = [];
  try {
    const first = await spawn();
    children.push(first);
    const started = await api(base, alice, "POST", "/api/admin/scrub/run");
    expect(started.status).toBe(202);
    const runId = started.body["id"] as string;
    const progress = async () =>
      (await db("scrub_run_rooms").where({ run_id: runId })) as RoomRow[];
    // Kill it once at least two rooms with history are finished and others are not.
    await waitFor(
      "two department rooms scrubbed by the first process",
      async () => {
        const done = (await progress()).filter((r) => r.step === "done" && r.events > 0);
        return done.length >= 2 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    first.child.kill("SIGKILL");
    await once(first.child, "exit");
    const atKill = await progress();
    const lease = (await db("run_locks").where({ name: "scrub" }).first()) as {
      pid: number;
      heartbeat_at: number | string;
    };
    expect(Number(lease.pid)).toBe(first.child.pid);
    const finishedEarly = atKill.filter((r) => r.step === "done" && r.events > 0);
    expect(finishedEarly.length).toBeGreaterThanOrEqual(2);
    expect(atKill.filter((r) => r.step !== "done").length).toBeGreaterThan(0);
    expect(await db("scrub_runs").where({ id: runId }).first()).toMatchObject({
      status: "running",
    });

    const second = await spawn();
    children.push(second);
    // The dead holder's lease is taken over at once, well before it would have expired.
    await waitFor(
      "the restarted process to take the lease",
      async () => {
        const row = (await db("run_locks").where({ name: "scrub" }).first()) as
          { pid: number } | undefined;
        return Number(row?.pid) === second.child.pid ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    // (A stale heartbeat would have taken three heartbeats, 15 s; this is the dead-PID rule.)
    expect(Date.now() - Number(lease.heartbeat_at)).toBeLessThan(15_000);
    const finished = await waitFor(
      "the resumed scrub run to finish",
      async () => {
        const answer = await api(base, alice, "GET", "/api/admin/scrub/runs");
        const [latest] = answer.body["runs"] as Record<string, unknown>[];
        return latest?.["status"] === "running" ? undefined : latest;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    expect(finished).toMatchObject({
      id: runId,
      status: "succeeded",
      events_purged: totals.events,
      media_deleted: totals.files,
      errors: [],
    });
    expect((await api(base, alice, "GET", "/api/admin/scrub/runs")).body["runs"]).toHaveLength(1);
    // Rooms finished before the kill were left alone: redone, they would count 0 events now.
    const after = await progress();
    for (const room of finishedEarly) {
      expect(after.find((r) => r.room_id === room.room_id)).toEqual(room);
    }

    const cutoff = Date.now() - 7 * DAY;
    for (const room of rooms) {
      const old = (await bot.adminTimeline(room)).filter(
        (e) => e.state_key === undefined && e.origin_server_ts < cutoff,
      );
      expect(old, room).toEqual([]);
      expect((await readableMessages(alice, room)).sort(), room).toEqual(
        [...(fresh.get(room) ?? [])].sort(),
      );
      expect(await mediaStatus(alice, files.get(room) ?? ""), room).toBe(404);
    }
  } finally {
    for (const child of children) await child.stop(5_000);
    await db.destroy();
  }
}, 300_000);
