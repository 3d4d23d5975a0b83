/**
 * Message search benchmark. On one throwaway Synapse (tests/harness; SQLite, and with
 * `--postgres` also one on PostgreSQL) alice, bob and carol share `--rooms` departments holding
 * `--messages` messages in all (generated sentences over a library vocabulary, Zipf-like, so
 * some words match thousands of messages and others a handful). Then, for `--queries` words
 * from common to rare, side by side:
 *   1. browser: alice types the word in the web client's **Search messages** dialog and presses
 *      Enter; measured from the Enter keydown to the frame after the first results are in the
 *      DOM (results painted);
 *   2. raw: the same `/search` request the client sends, from Node, to its response;
 * and prints p50/p95 of each and the ratio of the p95s. Writes its section of
 * docs/benchmarks.md unless `--no-write`. Seeding is Synapse-bound (tens of events a second on
 * two cores): the default size takes the better part of an hour per database.
 *
 *   node --import tsx bench/message-search.ts [--rooms 20] [--messages 100000] [--queries 30]
 *     [--postgres] [--no-write]
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { searchRequestOf } from "../client/src/matrix/searchQuery.ts";
import { ensureClientBuilt } from "../scripts/lib/clientServer.ts";
import { launchBrowser, serveTestClient } from "../tests/harness/browser.ts";
import { signInThroughForm } from "../tests/harness/browserClient.ts";
import type { MatrixTestClient } from "../tests/harness/matrixTestClient.ts";
import { createTestEnv } from "../tests/harness/testEnv.ts";
import { writeBenchmarkSection } from "./lib/benchmarksDoc.ts";
import { random } from "./lib/random.ts";
import { seedHistory } from "./lib/seedHistory.ts";

const args = parseArgs({
  options: {
    rooms: { type: "string", default: "20" },
    messages: { type: "string", default: "100000" },
    queries: { type: "string", default: "30" },
    postgres: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
  },
}).values;
const ROOMS = Number(args.rooms);
const MESSAGES = Number(args.messages);
const QUERIES = Number(args.queries);
const say = (line: string) => process.stdout.write(`${line}\n`);

const LIBRARY = (
  "shelving returns trolley rota desk enquiry loan renewal overdue catalogue reserve hold " +
  "printer scanner photocopier wifi password card account fine payment refund locker room " +
  "booking study laptop charger event workshop exhibition archive journal database access " +
  "visitor student children holiday opening hours closing alarm keys delivery stock weeding"
).split(" ");
// Made-up words for the long tail: two to four syllables.
const tailRand = random(11);
const syllable = () =>
  "bdfgklmnprstvz"[Math.floor(tailRand() * 14)]! + "aeiou"[Math.floor(tailRand() * 5)]!;
const VOCAB = [
  ...LIBRARY,
  ...Array.from({ length: 4000 }, () =>
    Array.from({ length: 2 + Math.floor(tailRand() * 3) }, syllable).join(""),
  ),
];
const pick = (rand: () => number) => VOCAB[Math.floor(VOCAB.length * rand() ** 3)] ?? "desk";
const sentenceRand = random(5);
const sentence = (room: number, i: number) =>
  `${Array.from({ length: 8 + Math.floor(sentenceRand() * 7) }, () => pick(sentenceRand)).join(" ")} (${room}.${i})`;
// Query words from the most common to the rare end, evenly in log-rank.
const queryWords = Array.from({ length: QUERIES }, (_, q) => {
  const rank = Math.floor(Math.exp((Math.log(VOCAB.length / 4) * q) / Math.max(1, QUERIES - 1)));
  return VOCAB[Math.min(VOCAB.length - 1, rank)] ?? "desk";
});

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

// In alice's page: when Enter goes down in the search box, and when results are next painted.
const WATCH_SCRIPT = `
  window.__search = { start: 0, painted: 0 };
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.type === "search") {
      window.__search = { start: performance.now(), painted: 0 };
    }
  }, true);
  new MutationObserver(() => {
    const s = window.__search;
    if (!s.start || s.painted) return;
    const dialog = document.querySelector("dialog[open]");
    const results = dialog && dialog.querySelector("[aria-live=polite]");
    if (!results || !results.querySelector(":scope > section, :scope > p:not([role])")) return;
    s.painted = -1;
    requestAnimationFrame(() => setTimeout(() => (s.painted = performance.now()), 0));
  }).observe(document.body, { childList: true, subtree: true });
`;

async function browserSearch(page: Page, word: string): Promise<number> {
  const box = page.getByRole("searchbox", { name: "Words to search for" });
  await box.fill(word);
  await box.press("Enter");
  const handle = await page.waitForFunction(
    () => {
      const s = (globalThis as unknown as { __search: { start: number; painted: number } })
        .__search;
      return s.painted > 0 ? s.painted - s.start : undefined;
    },
    undefined,
    { timeout: 60_000, polling: "raf" },
  );
  return (await handle.jsonValue()) as number;
}

async function rawSearch(user: MatrixTestClient, word: string): Promise<number> {
  const started = performance.now();
  await user.request("POST", "/_matrix/client/v3/search", searchRequestOf({ term: word }).body);
  return performance.now() - started;
}

type Result = { database: string; browser: number[]; raw: number[]; seedS: number; events: number };

async function runOn(database: "sqlite" | "postgres"): Promise<Result> {
  say(`— Synapse on ${database}`);
  const env = await createTestEnv({
    users: ["alice", "bob", "carol"],
    synapseDatabase: database,
    departments: Array.from({ length: ROOMS }, (_, i) => ({
      id: `d${i}`,
      name: `Desk ${i + 1}`,
      members: ["alice", "bob", "carol"] as const,
    })),
  });
  const browser = await launchBrowser();
  let served: { close(): Promise<void> } | undefined;
  try {
    await env.appservice.sync.idle();
    const response = await fetch(`${env.appserviceUrl}/api/directory`, {
      headers: { authorization: `Bearer ${env.getUser("bob").accessToken}` },
    });
    const { departments } = (await response.json()) as { departments: { room_id: string }[] };
    say(`seeding ${MESSAGES.toLocaleString("en")} messages in ${ROOMS} rooms…`);
    const seeded = await seedHistory({
      rooms: departments.map((d) => d.room_id),
      perRoom: Math.ceil(MESSAGES / ROOMS),
      senders: [env.getUser("bob"), env.getUser("carol"), env.getUser("alice")],
      body: sentence,
      concurrency: 8,
      say,
    });
    await ensureClientBuilt(say);
    const client = await serveTestClient(env.synapse, env.appserviceUrl);
    served = client;
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, client.url, "alice", env.passwordOf("alice"));
    await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 120_000 });
    await page.evaluate(WATCH_SCRIPT);
    await page.getByRole("button", { name: "Search messages" }).click();
    const alice = env.getUser("alice");
    // Warm-up: the dialog's chunk, Synapse's caches.
    await browserSearch(page, "desk");
    await rawSearch(alice, "desk");
    const result: Result = {
      database,
      browser: [],
      raw: [],
      seedS: seeded.ms / 1000,
      events: seeded.events,
    };
    for (const word of queryWords) {
      result.browser.push(await browserSearch(page, word));
      result.raw.push(await rawSearch(alice, word));
    }
    return result;
  } finally {
    await browser.close();
    await served?.close();
    await env.tearDown();
  }
}

const results: Result[] = [await runOn("sqlite")];
if (args.postgres) results.push(await runOn("postgres"));
const rows = results.map((r) => {
  const ratio = percentile(r.browser, 95) / percentile(r.raw, 95);
  return (
    `| ${r.database === "sqlite" ? "SQLite" : "PostgreSQL"} | ${percentile(r.browser, 50).toFixed(0)} / ` +
    `${percentile(r.browser, 95).toFixed(0)} ms | ${percentile(r.raw, 50).toFixed(0)} / ` +
    `${percentile(r.raw, 95).toFixed(0)} ms | ${ratio.toFixed(2)} | ` +
    `${r.events.toLocaleString("en")} events in ${r.seedS.toFixed(0)} s |`
  );
});
const text = [
  "## Web client: message search",
  "",
  "`node --import tsx bench/message-search.ts" +
    (ROOMS === 20 ? "" : ` --rooms ${ROOMS}`) +
    (MESSAGES === 100000 ? "" : ` --messages ${MESSAGES}`) +
    (QUERIES === 30 ? "" : ` --queries ${QUERIES}`) +
    (args.postgres ? " --postgres" : "") +
    "`: " +
    `${MESSAGES.toLocaleString("en")} messages in ${ROOMS} rooms, ${QUERIES} one-word queries ` +
    "from common to rare; browser = Enter in **Search messages** to the first results painted, " +
    "raw = the same `/search` request from Node.",
  "",
  "| Synapse on | browser p50 / p95 | raw `/search` p50 / p95 | p95 ratio | seeding |",
  "|---|---|---|---|---|",
  ...rows,
  "",
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}.`,
].join("\n");
say(text);
if (!args["no-write"]) {
  await writeBenchmarkSection("Web client: message search", text);
  say("wrote docs/benchmarks.md (Web client: message search section)");
}
