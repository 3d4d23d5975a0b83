import { expect, it } from "vitest";
import { loadConfig, start } from "@staffroom/appservice";
import { createKnex } from "../../appservice/src/db/knexFactory.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";
import { BotHistory, DAY, api } from "./scrub/history.ts";

// A clean stop (what SIGTERM does) in the middle of a scrub run pauses it after the current
// step, leaving the run "running" with its progress saved per room and the lease released; a new
// appservice on the same database resumes it at start-up and finishes it, removing exactly what
// the preview counted. A real crash (SIGKILL of a separate process): scrubKill.test.ts.

const departments = ["a", "b", "c", "d", "e", "f"].map((id) => ({
  id,
  name: `Dept ${id}`,
  members: ["alice"] as const,
}));
const env = useTestEnv({ users: ["alice"], admins: ["alice"], departments });

it("resumes and finishes a run after the appservice was stopped mid-run", async () => {
  await env().appservice.sync.idle();
  const alice = env().getUser("alice");
  const bot = new BotHistory(env().synapse.url, env().synapse.secrets.as_token);
  const rooms = (await env()
    .appservice.db("managed_rooms")
    .where({ kind: "department" })
    .pluck("room_id")) as string[];
  expect(rooms).toHaveLength(6);
  for (const room of rooms) {
    for (const days of [30, 20, 10]) await bot.sendOldText(room, days, `${days} days ago`);
    await bot.sendOldFile(room, 12);
  }
  const base = env().appserviceUrl;
  expect((await api(base, alice, "PUT", "/api/admin/settings", { scrub_days: 7 })).status).toBe(
    200,
  );
  const preview = await api(base, alice, "POST", "/api/admin/scrub/preview");
  const totals = preview.body["totals"] as { events: number; files: number };
  expect(totals).toMatchObject({ events: 24, files: 6 });

  const started = await api(base, alice, "POST", "/api/admin/scrub/run");
  expect(started.status).toBe(202);
  await env().appservice.stop();

  const config = await loadConfig(env().configPath);
  const db = createKnex(config.database);
  try {
    const run = (await db("scrub_runs").where({ id: started.body["id"] }).first()) as {
      status: string;
    };
    expect(run.status).toBe("running");
    const steps = (await db("scrub_run_rooms").pluck("step")) as string[];
    expect(steps.filter((s) => s !== "done").length).toBeGreaterThan(0);
  } finally {
    await db.destroy();
  }

  const second = await start(config);
  try {
    const finished = await waitFor(
      "the resumed scrub run to finish",
      async () => {
        const answer = await api(second.url, alice, "GET", "/api/admin/scrub/runs");
        const [latest] = answer.body["runs"] as Record<string, unknown>[];
        return latest?.["status"] === "running" ? undefined : latest;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(finished).toMatchObject({
      id: started.body["id"],
      status: "succeeded",
      events_purged: totals.events,
      media_deleted: totals.files,
      errors: [],
    });
    const runs = await api(second.url, alice, "GET", "/api/admin/scrub/runs");
    expect(runs.body["runs"]).toHaveLength(1);
    const cutoff = Date.now() - 7 * DAY;
    for (const room of rooms) {
      const old = (await bot.adminTimeline(room)).filter(
        (e) => e.state_key === undefined && e.origin_server_ts < cutoff,
      );
      expect(old, room).toEqual([]);
    }
  } finally {
    await second.stop();
  }
});
