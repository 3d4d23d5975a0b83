/**
 * Scrub-retention benchmark on a throwaway real Synapse:
 *   - identical data sets of N messages across R rooms each (default 100,000 across 20): the
 *     first half sent, then a gap, then the second half; the cutoff lies at the start of the
 *     gap, so half of every room is older than it. One set per scrub pacing measured, one more
 *     for Synapse's own job;
 *   - Staffroom's scrub (the real runner and purge gateway) with each pacing
 *     (`--pacing STEP:PAUSE[:PAGE[:ROOMS[:LIMIT]]],…`: purge step size in events, pause factor,
 *     history page size, purges at once, latency limit of the guard; missing ones are the
 *     defaults', and the default is the product's default pacing);
 *   - Synapse's built-in retention purge job on its set (`retention.enabled`, a 1 s purge-job
 *     interval, `m.room.retention` set so that its cutoff falls in the same gap);
 *   - a live message sent every 50 ms to another room, idle right before each scrub (side by
 *     side, as the machine is shared) and during it: p99 latency ratio during ÷ idle before.
 * Synapse pushes every event to a stand-in for the appservice's transaction endpoint that feeds
 * the real ledger tap and store (lib/ledgerReceiver.ts), so the scrub plans from the ledger as
 * in production; the benchmark waits until the ledger has every message before measuring.
 * Synapse runs on SQLite, or with `--postgres` on a throwaway PostgreSQL cluster (production's
 * engine: docker-compose.yml).
 * Synapse's job is timed until it has logged "[purge] complete" for every room of its set. Each
 * of its purges stops at the depth of the newest expired event and keeps the events at that
 * depth (several when messages were sent at once) until its moving cutoff passes newer events
 * in a later job (matrix-brief §1.4); Staffroom's scrub removes them all.
 * Prints time to scrub, ratio to Synapse's job (goal ≤ 1.0) and the p99 ratio (goal ≤ 2);
 * writes its section of docs/benchmarks.md ("Scrub retention" for one pacing, "Scrub
 * retention: purge pacing" when comparing several).
 *
 *   node --import tsx bench/scrub.ts [--messages N] [--rooms R] [--gap-seconds S]
 *     [--pacing 500:0.5:100:1:2,0:0:100:4:0] [--fill-in-flight 8] [--idle-seconds 15]
 *     [--settle-seconds 30] [--postgres]
 *     [--no-write]
 *
 * Timestamps are real (no ts massaging): Synapse's job picks events by `received_ts`, so both
 * sides must remove the same, really old-enough events. Completion is read from Synapse's own
 * database (see lib/synapseDb.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createKnex } from "../appservice/src/db/knexFactory.ts";
import { migrateToLatest } from "../appservice/src/db/migrate.ts";
import { makeScrubLedgerStore } from "../appservice/src/db/scrubLedgerStore.ts";
import { makeScrubRunStore } from "../appservice/src/db/scrubRunStore.ts";
import type { BotHttp } from "../appservice/src/matrix/botHttp.ts";
import { makePurgeGateway } from "../appservice/src/matrix/purgeGateway.ts";
import { configureLogging, makeLogger } from "../appservice/src/observability/logger.ts";
import { DEFAULT_PACING } from "../appservice/src/retention/purgePacer.ts";
import { executeRun } from "../appservice/src/retention/scrubRunner.ts";
import { synapseVersion } from "../appservice/src/setup/index.ts";
import { startTestPostgres, type TestPostgres } from "../tests/harness/postgres.ts";
import { startTestSynapse } from "../tests/harness/synapse.ts";
import { adminBot } from "./lib/adminBot.ts";
import { writeBenchmarkSection } from "./lib/benchmarksDoc.ts";
import { manageRooms, startLedgerReceiver } from "./lib/ledgerReceiver.ts";
import { fillRooms, liveSender, p99, whileSending } from "./lib/liveLoad.ts";
import { pacingArg, parsePacings, pacingLabel } from "./lib/pacing.ts";
import {
  checkLines,
  scrubChecks,
  scrubSection,
  scrubTable,
  seconds,
  type ScrubRow,
} from "./lib/scrubReport.ts";
import { runSynapseJob, storedMessages } from "./lib/synapseDb.ts";

const args = parseArgs({
  options: {
    messages: { type: "string", default: "100000" },
    rooms: { type: "string", default: "20" },
    "gap-seconds": { type: "string", default: "30" },
    pacing: { type: "string", default: pacingArg(DEFAULT_PACING) },
    "fill-in-flight": { type: "string", default: "8" },
    "idle-seconds": { type: "string", default: "15" },
    "settle-seconds": { type: "string", default: "30" },
    postgres: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
  },
}).values;
const MESSAGES = Number(args.messages);
const ROOMS = Number(args.rooms);
const GAP_MS = Number(args["gap-seconds"]) * 1000;
const IN_FLIGHT = Number(args["fill-in-flight"]);
const IDLE_MS = Number(args["idle-seconds"]) * 1000;
// After the fill, Synapse and its database catch up (push summaries, PostgreSQL's autovacuum of
// the fresh rows): measuring straight away compares against a busy server.
const SETTLE_MS = Number(args["settle-seconds"]) * 1000;
const PER_ROOM_HALF = Math.floor(MESSAGES / ROOMS / 2);
const PACINGS = parsePacings(args.pacing, DEFAULT_PACING);
for (const [name, value] of Object.entries({ MESSAGES, ROOMS, IN_FLIGHT, PER_ROOM_HALF })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be ≥ 1, got ${value}`);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Synapse's own retention (on in our template with a 12 h job): a job every second here, and
// no lower bound, so a policy of a few minutes is honoured. No default policy: it applies only
// where a room has m.room.retention (its set).
const RETENTION = {
  retention: { enabled: true, allowed_lifetime_min: "1s", purge_jobs: [{ interval: "1s" }] },
};

async function idleP99(http: BotHttp, live: string): Promise<number> {
  const idle = liveSender(http, live);
  await sleep(IDLE_MS);
  return p99(await idle.stop());
}

async function main(): Promise<void> {
  configureLogging({ level: "warn", json: false });
  const sets = PACINGS.length + 1;
  say(
    `scrub benchmark: ${PER_ROOM_HALF * 2 * ROOMS} messages across ${ROOMS} rooms (×${sets} sets)`,
  );
  const dir = await mkdtemp(join(tmpdir(), "staffroom-bench-"));
  const db = createKnex({ client: "sqlite3", filename: join(dir, "bench.db") });
  await migrateToLatest(db);
  const ledger = makeScrubLedgerStore(db);
  const receiver = await startLedgerReceiver(ledger);
  let pg: TestPostgres | undefined;
  let database: object | undefined;
  let synapseDbUrl = "";
  if (args.postgres) {
    pg = await startTestPostgres();
    synapseDbUrl = await pg.createDatabase("synapse");
    const url = new URL(synapseDbUrl);
    // Synapse's production pool size (synapse-config/profiles/production.yaml).
    const poolArgs = { user: url.username, host: url.hostname, port: Number(url.port) };
    database = {
      name: "psycopg2",
      args: { ...poolArgs, dbname: "synapse", cp_min: 5, cp_max: 10 },
    };
  }
  const synapse = await startTestSynapse({
    appserviceUrl: receiver.url,
    homeserverOverrides: { ...RETENTION, ...(database === undefined ? {} : { database }) },
  });
  const synapseDb =
    pg === undefined
      ? createKnex({ client: "sqlite3", filename: join(synapse.dir, "homeserver.db") })
      : createKnex({ client: "pg", connection: synapseDbUrl });
  try {
    const { domain, http } = await adminBot(synapse);
    const createRoom = async () =>
      (
        await http.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", {
          body: { preset: "private_chat" },
        })
      ).room_id;
    const roomSets: string[][] = [];
    for (let s = 0; s < sets; s++) {
      const rooms: string[] = [];
      for (let i = 0; i < ROOMS; i++) rooms.push(await createRoom());
      roomSets.push(rooms);
    }
    const theirs = roomSets[PACINGS.length] ?? [];
    const live = await createRoom();

    const t0 = Date.now();
    const oldRate = await fillRooms(http, roomSets.flat(), PER_ROOM_HALF, {
      inFlight: IN_FLIGHT,
      label: "old",
    });
    say(`  sent the old halves at ${Math.round(oldRate)} messages/s`);
    // The cutoff at the start of the gap: Synapse's moving cutoff has the whole gap before it
    // reaches the newer half.
    const cutoffTs = Date.now() + 1000;
    say(`  waiting ${seconds(GAP_MS)} so the cutoff sits in a gap…`);
    await sleep(GAP_MS);
    const newRate = await fillRooms(http, roomSets.flat(), PER_ROOM_HALF, {
      inFlight: IN_FLIGHT,
      label: "new",
    });
    const fillMs = Date.now() - t0;
    say(`  sent the new halves at ${Math.round(newRate)} messages/s (fill ${seconds(fillMs)})`);
    const expectedNew = PER_ROOM_HALF * ROOMS;
    // Staffroom's sets are managed department rooms (the scope), and measured once Synapse has
    // pushed all of their messages into the ledger.
    await manageRooms(db, roomSets.slice(0, PACINGS.length).flat(), domain, PER_ROOM_HALF * 2, say);
    say(`  letting the server settle for ${seconds(SETTLE_MS)}…`);
    await sleep(SETTLE_MS);
    const runs = makeScrubRunStore(db);
    const rows: ScrubRow[] = [];
    const left: { old: number; total: number }[] = [];
    for (const [index, pacing] of PACINGS.entries()) {
      const ours = roomSets[index] ?? [];
      say(`  idle, then Staffroom scrub (${pacingLabel(pacing)})…`);
      const idle = await idleP99(http, live);
      const run = {
        id: `bench-${index}`,
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
      const gateway = makePurgeGateway(http, { serverName: domain });
      const measured = await whileSending(http, live, () =>
        executeRun(
          { gateway, ledger, runs, log: makeLogger("Bench"), shouldStop: () => false, pacing },
          run,
        ),
      );
      const after = await storedMessages(synapseDb, ours, cutoffTs);
      left.push(after);
      rows.push({
        what: `Staffroom scrub, ${pacingLabel(pacing)}`,
        ms: measured.ms,
        idleP99: idle,
        p99: p99(measured.latencies),
        sends: measured.latencies.length,
      });
      say(
        `    ${measured.result?.status ?? "stopped"}: ${measured.result?.eventsPurged ?? 0} events in ${seconds(measured.ms)}; p99 ${p99(measured.latencies).toFixed(0)} ms (idle ${idle.toFixed(0)} ms); left ${after.old} old, ${after.total - after.old} new`,
      );
    }

    say("  idle, then Synapse's retention job…");
    const idle = await idleP99(http, live);
    const measured = await whileSending(http, live, () =>
      runSynapseJob({ http, rooms: theirs, cutoffTs, logFile: synapse.logFile, synapseDb }),
    );
    const job = { ms: measured.result.ms, result: measured.result.left };
    rows.push({
      what: "Synapse retention job",
      ms: job.ms,
      idleP99: idle,
      p99: p99(measured.latencies),
      sends: measured.latencies.length,
    });
    const theirsNew = job.result.total - job.result.old;
    say(
      `    done in ${seconds(job.ms)}; left ${job.result.old} old (at most ${job.result.mostOldInARoom} in a room: at the depth of its newest expired event), ${theirsNew} new`,
    );

    const table = scrubTable(rows, job.ms);
    const checks = rows.slice(0, PACINGS.length).map((row, i) => ({
      row,
      checks: scrubChecks(row, left[i] ?? { total: 0, old: 0 }, job.ms, expectedNew),
    }));
    for (const line of table) say(`  ${line}`);
    for (const { row, checks: each } of checks) {
      say(`  ${row.what}:`);
      for (const line of checkLines(each)) say(`    ${line}`);
    }
    if (theirsNew !== expectedNew) {
      say(`  note: Synapse's job also removed ${expectedNew - theirsNew} newer messages`);
    }
    if (args["no-write"]) return;
    const version = await synapseVersion(synapse.url);
    const title = `${PACINGS.length > 1 ? "Scrub retention: purge pacing" : "Scrub retention"}${args.postgres ? " (Synapse on PostgreSQL)" : ""}`;
    const section = scrubSection({
      title,
      command: `node --import tsx bench/scrub.ts --messages ${MESSAGES} --rooms ${ROOMS} --gap-seconds ${GAP_MS / 1000} --pacing ${args.pacing} --fill-in-flight ${IN_FLIGHT} --idle-seconds ${IDLE_MS / 1000} --settle-seconds ${SETTLE_MS / 1000}${args.postgres ? " --postgres" : ""}`,
      setup: [
        `${PER_ROOM_HALF * 2 * ROOMS} messages across ${ROOMS} rooms, half older than the cutoff, in ${sets} identical`,
        `sets (one per Staffroom pacing, one for Synapse's own retention job), on a throwaway Synapse`,
        `${version} (${args.postgres ? "PostgreSQL, a pool of 5–10 connections as in production" : "SQLite"}, test profile, \`retention.enabled\` with a 1 s purge-job interval)`,
        `started by the benchmark; filled at ${Math.round(oldRate)} / ${Math.round(newRate)} messages/s (${IN_FLIGHT} sends in flight`,
        `per room; ${seconds(fillMs)} with the gap). Live sends every 50 ms; each idle p99 is`,
        `measured for ${IDLE_MS / 1000} s right before the scrub it is compared with. The scrub plans from`,
        `the event ledger Synapse's transactions filled (rooms created while the scrub was on). Synapse's`,
        `job is timed until it has logged a completed purge for every room of its set; it keeps the`,
        `messages at the depth of each room's newest expired event (${job.result.old} here) for a later job.`,
      ],
      table,
      checks,
      note:
        theirsNew === expectedNew
          ? undefined
          : `Synapse's job also removed ${expectedNew - theirsNew} newer messages (gap too short).`,
    });
    await writeBenchmarkSection(title, section);
    say(`  wrote the "${title}" section of docs/benchmarks.md`);
  } finally {
    await synapseDb.destroy();
    await db.destroy();
    await synapse.stop();
    await receiver.close();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
