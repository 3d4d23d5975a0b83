/**
 * Scrub-retention benchmark (issue 6 "Performance") on a throwaway real Synapse:
 *   - two identical data sets of N messages across R rooms each (default 100,000 across 20),
 *     the first half sent, then a gap, then the second half; the cutoff lies in the gap, so
 *     half of every room is older than it;
 *   - Staffroom's scrub (the real runner and purge gateway, one room at a time) on set A;
 *   - Synapse's built-in retention purge job on set B (`retention.enabled`, a 1 s purge-job
 *     interval, `m.room.retention` set so that its cutoff falls in the same gap);
 *   - a live message sent every 50 ms to a third room: p99 latency idle, during our scrub and
 *     during Synapse's job.
 * Prints time to scrub, ratio to Synapse's job (goal ≤ 1.0) and p99 live-send latency during
 * the scrub ÷ idle p99 (goal ≤ 2); writes its section of docs/benchmarks.md.
 *
 *   node --import tsx bench/scrub.ts [--messages N] [--rooms R] [--gap-seconds S] [--no-write]
 *
 * Timestamps are real (no ts massaging): Synapse's job picks events by `received_ts`, so both
 * sides must remove the same, really old-enough events. Completion is read from Synapse's own
 * database (rows left in `events`), because Synapse hides expired events from clients before
 * its job has deleted them.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { adminBot } from "./lib/adminBot.ts";
import { writeBenchmarkSection } from "./lib/benchmarksDoc.ts";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createKnex } from "../appservice/src/db/knexFactory.ts";
import { migrateToLatest } from "../appservice/src/db/migrate.ts";
import { makeScrubRunStore } from "../appservice/src/db/scrubRunStore.ts";
import { seg, type BotHttp } from "../appservice/src/matrix/botHttp.ts";
import { makePurgeGateway } from "../appservice/src/matrix/purgeGateway.ts";
import { configureLogging, makeLogger } from "../appservice/src/observability/logger.ts";
import { forEachLimited } from "../appservice/src/provisioning/actionExecutor.ts";
import { executeRun } from "../appservice/src/retention/scrubRunner.ts";
import { synapseVersion } from "../appservice/src/setup/index.ts";
import { startTestSynapse } from "../tests/harness/synapse.ts";

const args = parseArgs({
  options: {
    messages: { type: "string", default: "100000" },
    rooms: { type: "string", default: "20" },
    "gap-seconds": { type: "string", default: "30" },
    "no-write": { type: "boolean", default: false },
  },
}).values;
const MESSAGES = Number(args.messages);
const ROOMS = Number(args.rooms);
const GAP_MS = Number(args["gap-seconds"]) * 1000;
const PER_ROOM_HALF = Math.floor(MESSAGES / ROOMS / 2);

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// Synapse's own retention (on in our template with a 12 h job): a job every second here, and
// no lower bound, so a policy of a few minutes is honoured. No default policy: it applies only
// where a room has m.room.retention (set B).
const RETENTION = {
  retention: { enabled: true, allowed_lifetime_min: "1s", purge_jobs: [{ interval: "1s" }] },
};

let txn = 0;
async function send(http: BotHttp, roomId: string, body: string): Promise<void> {
  await http.request(
    "PUT",
    `/_matrix/client/v3/rooms/${seg(roomId)}/send/m.room.message/b${txn++}`,
    {
      body: { msgtype: "m.text", body },
    },
  );
}

async function fill(http: BotHttp, rooms: string[], half: string): Promise<void> {
  const t0 = Date.now();
  await forEachLimited(rooms, rooms.length, async (roomId) => {
    for (let i = 0; i < PER_ROOM_HALF; i++) await send(http, roomId, `${half} message ${i}`);
  });
  const n = PER_ROOM_HALF * rooms.length;
  say(
    `  sent ${n} ${half} messages in ${seconds(Date.now() - t0)} (${Math.round(n / ((Date.now() - t0) / 1000))}/s)`,
  );
}

/** Sends to `roomId` every 50 ms until stopped; returns the latencies in ms. */
function liveSender(http: BotHttp, roomId: string) {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await send(http, roomId, "live");
      latencies.push(performance.now() - t0);
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}

const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? NaN;
};

async function main(): Promise<void> {
  configureLogging({ level: "warn", json: false });
  say(`scrub benchmark: ${PER_ROOM_HALF * 2 * ROOMS} messages across ${ROOMS} rooms (×2 sets)`);
  const synapse = await startTestSynapse({
    appserviceUrl: "http://127.0.0.1:9",
    homeserverOverrides: RETENTION,
  });
  const dir = await mkdtemp(join(tmpdir(), "staffroom-bench-"));
  const db = createKnex({ client: "sqlite3", filename: join(dir, "bench.db") });
  const synapseDb = createKnex({ client: "sqlite3", filename: join(synapse.dir, "homeserver.db") });
  try {
    const { domain, http } = await adminBot(synapse);
    const createRoom = async () =>
      (
        await http.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", {
          body: { preset: "private_chat" },
        })
      ).room_id;
    const ours: string[] = [];
    const theirs: string[] = [];
    for (let i = 0; i < ROOMS; i++) ours.push(await createRoom());
    for (let i = 0; i < ROOMS; i++) theirs.push(await createRoom());
    const live = await createRoom();

    await fill(http, [...ours, ...theirs], "old");
    const cutoffTs = Date.now() + GAP_MS / 2;
    say(`  waiting ${seconds(GAP_MS)} so the cutoff sits in a gap…`);
    await sleep(GAP_MS);
    await fill(http, [...ours, ...theirs], "new");

    // Messages (and how many before the cutoff) still stored in Synapse's database.
    const stored = async (rooms: string[]) => {
      const row = (await synapseDb("events")
        .whereIn("room_id", rooms)
        .andWhere({ type: "m.room.message" })
        .select(
          synapseDb.raw("count(*) as total"),
          synapseDb.raw("sum(case when origin_server_ts < ? then 1 else 0 end) as old", [cutoffTs]),
        )
        .first()) as { total: number | string; old: number | string | null };
      return { total: Number(row.total), old: Number(row.old ?? 0) };
    };
    const expectedNew = PER_ROOM_HALF * ROOMS;

    say("  idle live-send latency…");
    const idle = liveSender(http, live);
    await sleep(10_000);
    const idleLatencies = await idle.stop();

    say("  Staffroom scrub on set A…");
    await migrateToLatest(db);
    const runs = makeScrubRunStore(db);
    const run = {
      id: "bench",
      trigger: "manual" as const,
      startedBy: null,
      scrubDays: 1,
      cutoffTs,
      startedAt: new Date(),
      finishedAt: null,
      status: "running" as const,
      eventsPurged: 0,
      mediaDeleted: 0,
      errors: [],
    };
    await runs.create(
      run,
      ours.map((roomId) => ({ roomId, kind: "department" as const })),
    );
    const duringOurs = liveSender(http, live);
    const t0 = Date.now();
    const result = await executeRun(
      {
        gateway: makePurgeGateway(http, { serverName: domain }),
        runs,
        log: makeLogger("Bench"),
        shouldStop: () => false,
      },
      run,
    );
    const oursMs = Date.now() - t0;
    const oursLatencies = await duringOurs.stop();
    const oursLeft = await stored(ours);
    say(
      `    ${result?.status ?? "stopped"}: ${result?.eventsPurged ?? 0} events purged in ${seconds(oursMs)}; left ${oursLeft.old} old, ${oursLeft.total - oursLeft.old} new`,
    );

    say("  Synapse's retention job on set B…");
    const duringTheirs = liveSender(http, live);
    const t1 = Date.now();
    const maxLifetime = Date.now() - cutoffTs;
    await forEachLimited(theirs, 4, (roomId) =>
      http.request("PUT", `/_matrix/client/v3/rooms/${seg(roomId)}/state/m.room.retention/`, {
        body: { max_lifetime: maxLifetime },
      }),
    );
    let theirsLeft = await stored(theirs);
    while (theirsLeft.old > 0 && Date.now() - t1 < 60 * 60_000) {
      await sleep(250);
      theirsLeft = await stored(theirs);
    }
    const theirsMs = Date.now() - t1;
    const theirsLatencies = await duringTheirs.stop();
    // Stop Synapse's job before its moving cutoff reaches the new half.
    await forEachLimited(theirs, 4, (roomId) =>
      http.request("PUT", `/_matrix/client/v3/rooms/${seg(roomId)}/state/m.room.retention/`, {
        body: {},
      }),
    );
    say(
      `    ${theirsLeft.old === 0 ? "done" : "gave up"} in ${seconds(theirsMs)}; left ${theirsLeft.old} old, ${theirsLeft.total - theirsLeft.old} new`,
    );

    const ratio = oursMs / theirsMs;
    const latencyRatio = p99(oursLatencies) / p99(idleLatencies);
    const checks = [
      [`Staffroom left 0 old messages (${oursLeft.old})`, oursLeft.old === 0],
      [
        `Staffroom kept all ${expectedNew} newer messages (${oursLeft.total - oursLeft.old})`,
        oursLeft.total - oursLeft.old === expectedNew,
      ],
      [`time ratio to Synapse's job ≤ 1.0 (${ratio.toFixed(2)})`, ratio <= 1],
      [`live p99 during the scrub ÷ idle p99 ≤ 2 (${latencyRatio.toFixed(2)})`, latencyRatio <= 2],
    ] as const;
    const table = [
      "| what | time | live-send p99 | live sends |",
      "| --- | ---: | ---: | ---: |",
      `| idle | – | ${p99(idleLatencies).toFixed(1)} ms | ${idleLatencies.length} |`,
      `| Staffroom scrub (set A) | ${seconds(oursMs)} | ${p99(oursLatencies).toFixed(1)} ms | ${oursLatencies.length} |`,
      `| Synapse retention job (set B) | ${seconds(theirsMs)} | ${p99(theirsLatencies).toFixed(1)} ms | ${theirsLatencies.length} |`,
    ];
    for (const line of table) say(`  ${line}`);
    for (const [text, ok] of checks) say(`  ${ok ? "✓" : "✗"} ${text}`);
    if (args["no-write"]) return;
    const version = await synapseVersion(synapse.url);
    const section = [
      "## Scrub retention",
      "",
      "```sh",
      `node --import tsx bench/scrub.ts --messages ${MESSAGES} --rooms ${ROOMS} --gap-seconds ${GAP_MS / 1000}`,
      "```",
      "",
      `${PER_ROOM_HALF * 2 * ROOMS} messages across ${ROOMS} rooms, half older than the cutoff, twice (set A for`,
      `Staffroom, an identical set B for Synapse's own retention job), on a throwaway Synapse ${version}`,
      `(SQLite, test profile, \`retention.enabled\` with a 1 s purge-job interval) started by the`,
      `benchmark. Machine: ${cpus().length} × ${cpus()[0]?.model.split(" ").slice(0, 2).join(" ") ?? "CPU"}, Node ${process.version}.`,
      `Recorded ${new Date().toISOString().slice(0, 10)}.`,
      "",
      ...table,
      "",
      ...checks.map(([text, ok]) => `- ${ok ? "✓" : "✗"} ${text}`),
      "",
    ];
    await writeBenchmarkSection("Scrub retention", section.join("\n"));
    say("  wrote the Scrub retention section of docs/benchmarks.md");
  } finally {
    await synapseDb.destroy();
    await db.destroy();
    await synapse.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
