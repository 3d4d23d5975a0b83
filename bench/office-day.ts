/**
 * An office day: the load a library puts on Staffroom at opening time and through the day,
 * against a stack put together as `npm start` puts it (Synapse with the embedded profile's real
 * rate limits, the appservice as its own process, the web client's same-origin proxy), on SQLite
 * and on PostgreSQL, one after the other in one run:
 *   1. 100 staff sign in through the client origin within 60 s (all from one address, as behind
 *      one library's router);
 *   2. 50 of them keep a `/sync` loop open;
 *   3. 20 of them send 1 message/s each for 120 s, alternating All Staff and their department;
 *   4. meanwhile an outsider (a Synapse account outside the staff directory) is invited by an
 *      operator and tries to join and read.
 * Prints refused sign-ins, 429s seen by senders, messages lost and duplicated, send → delivered
 * to another member's `/sync` p50/p99, peak RSS of the appservice and Synapse, outsider reads;
 * and records them in docs/benchmarks.md ("Office day").
 *
 *   node --import tsx bench/office-day.ts [--staff 100] [--syncers 50] [--senders 20]
 *     [--seconds 120] [--sign-in-seconds 60] [--databases sqlite,postgres] [--no-write]
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { synapseVersion } from "../appservice/src/setup/index.ts";
import { writeBenchmarkSection } from "./lib/benchmarksDoc.ts";
import {
  deliveries,
  outsiderAttempt,
  quantile,
  runSenders,
  signInWave,
  startSyncWatcher,
} from "./lib/officeLoad.ts";
import { startOfficeStack } from "./lib/officeStack.ts";

const args = parseArgs({
  options: {
    staff: { type: "string", default: "100" },
    syncers: { type: "string", default: "50" },
    senders: { type: "string", default: "20" },
    seconds: { type: "string", default: "120" },
    "sign-in-seconds": { type: "string", default: "60" },
    databases: { type: "string", default: "sqlite,postgres" },
    // "single" (one Synapse process) and/or "workers" (Synapse's workers, PostgreSQL only).
    topologies: { type: "string", default: "single" },
    "sync-workers": { type: "string", default: "2" },
    "no-write": { type: "boolean", default: false },
  },
}).values;
const STAFF = Number(args.staff);
const SYNCERS = Number(args.syncers);
const SENDERS = Number(args.senders);
const SEND_MS = Number(args.seconds) * 1000;
// The wave ends a little inside the window, so all of it lands within it.
const SIGN_IN_MS = Number(args["sign-in-seconds"]) * 1000 * 0.9;
const DEPARTMENTS = 5;
// How long after the last send a message may still arrive before it counts as lost.
const GRACE_MS = 15_000;
const P99_GOAL_MS = 500;
const DATABASES = (args.databases ?? "").split(",").filter(Boolean) as ("sqlite" | "postgres")[];
const TOPOLOGIES = (args.topologies ?? "").split(",").filter(Boolean);
const SYNC_WORKERS = Number(args["sync-workers"]);
for (const topology of TOPOLOGIES) {
  if (topology !== "single" && topology !== "workers") {
    throw new Error(`--topologies: "${topology}" is neither single nor workers`);
  }
}
for (const db of DATABASES) {
  if (db !== "sqlite" && db !== "postgres") {
    throw new Error(`--databases: "${db}" is neither sqlite nor postgres`);
  }
}
if (SENDERS > SYNCERS || SYNCERS > STAFF) {
  throw new Error("--senders ≤ --syncers ≤ --staff: senders and watchers are signed-in staff");
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const describe = (m: ReadonlyMap<string, number>) =>
  m.size === 0 ? "" : ` (${[...m].map(([k, v]) => `${k} ×${v}`).join(", ")})`;

type Result = {
  /** The database, and the workers when Synapse ran with them. */
  database: string;
  workers: number;
  version: string;
  refused: number;
  refusedWhy: string;
  signInMs: number;
  rateLimited: number;
  sendFailed: number;
  sent: number;
  expected: number;
  lost: number;
  duplicated: number;
  gaps: number;
  p50: number;
  p99: number;
  rss: { appservice: number; synapse: number };
  outsiderReads: number;
  outsiderAnswers: string;
};

async function officeDay(database: "sqlite" | "postgres", workers: number): Promise<Result> {
  const label = workers > 0 ? `${database}, ${workers} sync workers` : database;
  say(`office day on ${label}:`);
  const stack = await startOfficeStack({
    database,
    workers,
    staffCount: STAFF,
    departments: DEPARTMENTS,
    say,
  });
  try {
    const version = await synapseVersion(stack.synapseUrl);
    say(
      `  ${STAFF} sign-ins through ${stack.clientUrl} within ${(SIGN_IN_MS / 1000).toFixed(0)} s…`,
    );
    const wave = await signInWave(stack.clientUrl, stack.staff, SIGN_IN_MS);
    say(
      `    ${wave.tokens.size} signed in, ${count(wave.refused)} refused${describe(wave.refused)}`,
    );

    const allStaff = stack.rooms.get("all-staff")!;
    const roomsOf = new Map(
      stack.staff.map((s) => [s.userId, new Set([allStaff, stack.rooms.get(`dept-d${s.dept}`)!])]),
    );
    const signedIn = stack.staff.filter((s) => wave.tokens.has(s.localpart));
    say(`  ${SYNCERS} /sync loops…`);
    const watchers = await Promise.all(
      signedIn
        .slice(0, SYNCERS)
        .map((s) => startSyncWatcher(stack.clientUrl, s.userId, wave.tokens.get(s.localpart)!)),
    );
    say(
      `  ${SENDERS} senders × 1 message/s × ${SEND_MS / 1000} s, and an outsider trying to get in…`,
    );
    const senders = signedIn.slice(0, SENDERS).map((s) => ({
      userId: s.userId,
      token: wave.tokens.get(s.localpart)!,
      rooms: [...roomsOf.get(s.userId)!],
    }));
    const operator = signedIn[1] ?? signedIn[0]!;
    const [sending, outsider] = await Promise.all([
      runSenders(stack.clientUrl, senders, SEND_MS),
      sleep(SEND_MS / 2).then(() =>
        outsiderAttempt(stack.clientUrl, stack.outsider, wave.tokens.get(operator.localpart)!, [
          stack.rooms.get(`dept-d${operator.dept}`)!,
          allStaff,
        ]),
      ),
    ]);
    // Let the last messages arrive: stop waiting as soon as every watcher has them all.
    const grace = Date.now() + GRACE_MS;
    while (Date.now() < grace) {
      const { lost } = deliveries(sending.sent, watchers, (u) => roomsOf.get(u)!);
      if (lost === 0) break;
      await sleep(250);
    }
    await Promise.all(watchers.map((w) => w.stop()));
    const delivered = deliveries(sending.sent, watchers, (u) => roomsOf.get(u)!);
    const result: Result = {
      database: label,
      workers,
      version,
      refused: count(wave.refused),
      refusedWhy: describe(wave.refused),
      signInMs: wave.durationMs,
      rateLimited: sending.rateLimited,
      sendFailed: count(sending.failed),
      sent: sending.sent.length,
      expected: delivered.expected,
      lost: delivered.lost,
      duplicated: delivered.duplicated,
      gaps: watchers.reduce((n, w) => n + w.gaps, 0),
      p50: quantile(delivered.latencies, 0.5),
      p99: quantile(delivered.latencies, 0.99),
      rss: stack.peakRss(),
      outsiderReads: outsider.reads,
      outsiderAnswers: outsider.answers.join(", "),
    };
    for (const line of resultLines(result)) say(`    ${line}`);
    return result;
  } finally {
    await stack.stop();
  }
}

function resultLines(r: Result): string[] {
  return [
    `refused sign-ins: ${r.refused}${r.refusedWhy} (goal 0; the wave took ${(r.signInMs / 1000).toFixed(1)} s)`,
    `429s seen by senders: ${r.rateLimited} (goal 0); other send failures: ${r.sendFailed}`,
    `messages sent: ${r.sent}; deliveries expected: ${r.expected}`,
    `lost / duplicated: ${r.lost} / ${r.duplicated} (goal 0 / 0); timelines cut short: ${r.gaps}`,
    `send → delivered p50 / p99: ${r.p50} / ${r.p99} ms (goal p99 ≤ ${P99_GOAL_MS} ms)`,
    `peak RSS appservice / Synapse: ${r.rss.appservice.toFixed(0)} / ${r.rss.synapse.toFixed(0)} MiB`,
    `outsider reads: ${r.outsiderReads} (goal 0); answers: ${r.outsiderAnswers}`,
  ];
}

const goalsMet = (r: Result) =>
  r.refused === 0 &&
  r.rateLimited === 0 &&
  r.sendFailed === 0 &&
  r.lost === 0 &&
  r.duplicated === 0 &&
  r.p99 <= P99_GOAL_MS &&
  r.outsiderReads === 0;

async function main(): Promise<void> {
  const results: Result[] = [];
  // The same load on each topology, side by side.
  for (const database of DATABASES) {
    for (const topology of TOPOLOGIES) {
      if (topology === "workers" && database !== "postgres") continue;
      results.push(await officeDay(database, topology === "workers" ? SYNC_WORKERS : 0));
    }
  }
  for (const line of workersRatios(results)) say(line);
  for (const r of results) say(`${r.database}: goals ${goalsMet(r) ? "met" : "NOT met"}`);
  if (!args["no-write"]) await writeReport(results);
  if (!results.every(goalsMet)) process.exitCode = 1;
}

async function writeReport(results: readonly Result[]): Promise<void> {
  const cell = (r: Result) => [
    `${r.refused}${r.refusedWhy}`,
    String(r.rateLimited),
    `${r.lost} / ${r.duplicated}`,
    `${r.p50} / ${r.p99} ms`,
    `${r.rss.appservice.toFixed(0)} / ${r.rss.synapse.toFixed(0)} MiB`,
    String(r.outsiderReads),
  ];
  const rows = [
    "| | refused sign-ins | 429s | lost / duplicated | delivered p50 / p99 | peak RSS appservice / Synapse | outsider reads |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...results.map((r) => `| ${r.database} | ${cell(r).join(" | ")} |`),
    `| goal | 0 | 0 | 0 / 0 | p99 ≤ ${P99_GOAL_MS} ms | | 0 |`,
  ];
  const lines = [
    "## Office day",
    "",
    `\`node --import tsx bench/office-day.ts --staff ${STAFF} --syncers ${SYNCERS} --senders ${SENDERS} --seconds ${SEND_MS / 1000} --sign-in-seconds ${args["sign-in-seconds"]} --databases ${DATABASES.join(",")} --topologies ${TOPOLOGIES.join(",")} --sync-workers ${SYNC_WORKERS}\``,
    "",
    `Synapse ${results[0]?.version ?? "?"} with the embedded profile's rate limits (the ones \`npm start\` runs), ` +
      `the appservice as its own process, everything through the web client's same-origin proxy, ` +
      `on ${cpus().length} cores. ${STAFF} staff sign in from one address within ` +
      `${args["sign-in-seconds"]} s; ${SYNCERS} keep \`/sync\` open; ${SENDERS} send 1 message/s each for ` +
      `${SEND_MS / 1000} s into All Staff and their department (${DEPARTMENTS} departments); an ` +
      "operator invites an outsider, who tries to join and read. Delivery is measured from the " +
      "send request to its arrival in each other member's `/sync` (every watcher in the room).",
    "",
    ...rows,
    "",
    ...results.map((r) => `- ${r.database}: ${resultLines(r).join("; ")}.`),
    ...workersRatios(results).map((line) => `- ${line}`),
    "",
  ];
  await writeBenchmarkSection("Office day", lines.join("\n"));
  say("wrote the Office day section of docs/benchmarks.md");
}

/**
 * Workers against one process on the same database and load: throughput (messages sent) and
 * p99 delivery as ratios (goal: p99 ≤ 1.3 ×, nothing lost).
 */
function workersRatios(results: readonly Result[]): string[] {
  return results
    .filter((r) => r.workers > 0)
    .flatMap((w) => {
      const base = results.find((r) => r.workers === 0 && w.database.startsWith(`${r.database},`));
      if (!base) return [];
      return [
        `${w.database} ÷ ${base.database}: throughput ${(w.sent / base.sent).toFixed(2)} ×, ` +
          `p99 delivery ${(w.p99 / base.p99).toFixed(2)} × (goal ≤ 1.3 ×), lost ${w.lost}`,
      ];
    });
}

await main();
