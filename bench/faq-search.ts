/**
 * FAQ search benchmark: 50,000 generated entries imported from a CSV
 * through the real import path, then p50/p95 latency of ranked full-text search for 1-, 2-
 * and 3-word queries and for prefixes (search as you type), against a naive
 * `LIKE '%…%'` scan of the same table in the same run (goal: full text ≤ 1/20 of the scan).
 * Runs on SQLite (FTS5 + bm25) and, with `--postgres`, also on a throwaway PostgreSQL
 * (tsvector + ts_rank); writes its section of docs/benchmarks.md unless `--no-write`.
 *
 *   node --import tsx bench/faq-search.ts [--entries N] [--queries N] [--postgres] [--no-write]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { writeBenchmarkSection } from "./lib/benchmarksDoc.ts";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Knex } from "knex";
import { makeFaqSearch } from "../appservice/src/db/faqSearch.ts";
import { makeFaqStore } from "../appservice/src/db/faqStore.ts";
import { createKnex } from "../appservice/src/db/knexFactory.ts";
import { migrateToLatest } from "../appservice/src/db/migrate.ts";
import { importFaqText } from "../appservice/src/faq/faqImportService.ts";
import { matchModes, tokenizeQuery } from "../appservice/src/faq/searchQuery.ts";
import { startTestPostgres } from "../tests/harness/postgres.ts";
import { random } from "./lib/random.ts";

const args = parseArgs({
  options: {
    entries: { type: "string", default: "50000" },
    queries: { type: "string", default: "200" },
    postgres: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
  },
}).values;
const ENTRIES = Number(args.entries);
const QUERIES = Number(args.queries);
const say = (line: string) => process.stdout.write(`${line}\n`);

// A library vocabulary; a Zipf-like pick makes some words common and most rare, as in
// real FAQs. Extra generated terms give the long tail.
const BASE = (
  "library book loan renew fine card account password wifi printer print scan copy room " +
  "booking study group laptop charger locker parking opening hours holiday catalogue " +
  "reserve hold request interlibrary journal article database access remote login " +
  "student staff visitor guest children event workshop exhibition archive special " +
  "collection thesis dissertation referencing citation software microsoft office email " +
  "accessibility hearing loop wheelchair lift toilet cafe food drink quiet silent zone " +
  "returns dropbox overdue lost damaged replacement payment refund membership renewal " +
  "address change name photo id barcode pin self service kiosk machine desk enquiry"
).split(" ");
// Pronounceable made-up words (consonant-vowel syllables), so prefixes spread like real ones.
function madeUpWord(rand: () => number): string {
  const c = "bcdfghjklmnprstvwz";
  const v = "aeiou";
  const syllables = 2 + Math.floor(rand() * 3);
  let word = "";
  for (let i = 0; i < syllables; i++) {
    word += (c[Math.floor(rand() * c.length)] ?? "b") + (v[Math.floor(rand() * v.length)] ?? "a");
  }
  return word;
}
const vocabRand = random(3);
const VOCAB = [...BASE, ...Array.from({ length: 6000 }, () => madeUpWord(vocabRand))];

function makeWords(rand: () => number) {
  return (n: number) =>
    Array.from({ length: n }, () => VOCAB[Math.floor(VOCAB.length * rand() ** 3)] ?? "book");
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function generateCsv(count: number): string {
  const words = makeWords(random(7));
  const lines = ["id,question,answer,url,keywords"];
  for (let i = 0; i < count; i++) {
    const question = `How do I ${words(5).join(" ")}?`;
    const answer = `${words(25).join(" ")}. See **${words(2).join(" ")}**, then ${words(15).join(" ")}.`;
    lines.push(
      [`faq-${i}`, question, answer, `https://library.example/faq/${i}`, words(3).join(", ")]
        .map(csvField)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

type Kind = "1 word" | "2 words" | "3 words" | "prefix";
const KINDS: Kind[] = ["1 word", "2 words", "3 words", "prefix"];

function makeQueries(): Record<Kind, string[]> {
  const words = makeWords(random(99));
  const prefix = () => {
    const [word = "book"] = words(1);
    return word.slice(0, Math.max(3, Math.ceil(word.length / 2)));
  };
  return {
    "1 word": Array.from({ length: QUERIES }, () => `${words(1).join(" ")} `),
    "2 words": Array.from({ length: QUERIES }, () => `${words(2).join(" ")} `),
    "3 words": Array.from({ length: QUERIES }, () => `${words(3).join(" ")} `),
    prefix: Array.from({ length: QUERIES }, () => `${words(1).join(" ")} ${prefix()}`),
  };
}

// The baseline: the same search without an index. The same match rule as the full-text
// search (every token; all but one from three tokens on; then any, each tried only when the
// one before found nothing), each token by LIKE (case-insensitive) over question, answer and
// keywords, question matches first; ordering forces the full scan a ranked answer needs.
async function likeSearch(db: Knex, q: string, postgres: boolean): Promise<unknown[]> {
  const tokens = tokenizeQuery(q);
  const like = postgres ? "ILIKE" : "LIKE";
  const hasToken = (w: Knex.QueryBuilder, token: string): void => {
    const pattern = `%${token}%`;
    void w.where((inner) => {
      void inner
        .whereRaw(`question ${like} ?`, [pattern])
        .orWhereRaw(`answer_text ${like} ?`, [pattern])
        .orWhereRaw(`keywords ${like} ?`, [pattern]);
    });
  };
  const hasAll = (w: Knex.QueryBuilder, words: string[]): void => {
    for (const word of words) hasToken(w, word);
  };
  const words = tokens.tokens;
  const first = words[0] ?? "";
  let rows: unknown[] = [];
  for (const mode of matchModes(tokens)) {
    const query = db("faq_entries").select("entry_id", "question").limit(10);
    if (mode === "all") hasAll(query, words);
    else {
      const groups =
        mode === "any"
          ? words.map((w) => [w])
          : words.map((_, i) => words.filter((__, j) => j !== i));
      void query.where((outer) => {
        for (const group of groups) void outer.orWhere((w) => hasAll(w, group));
      });
    }
    rows = await query.orderByRaw(`CASE WHEN question ${like} ? THEN 0 ELSE 1 END, entry_id`, [
      `%${first}%`,
    ]);
    if (rows.length > 0) break;
  }
  return rows;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function timeAll(queries: string[], run: (q: string) => Promise<unknown>) {
  const times: number[] = [];
  for (const q of queries) {
    const start = performance.now();
    await run(q);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

type Row = { kind: Kind; fts: { p50: number; p95: number }; like: { p50: number; p95: number } };
type Result = { database: string; importSeconds: number; rowsPerSecond: number; rows: Row[] };

async function benchDatabase(database: string, db: Knex, csv: string): Promise<Result> {
  await migrateToLatest(db);
  const store = makeFaqStore(db);
  const group = await store.createGroup({ name: "Bench", description: "", visibility: "public" });
  const started = performance.now();
  const outcome = await importFaqText(store, group.id, csv, { format: "csv" });
  const importSeconds = (performance.now() - started) / 1000;
  if (!outcome.applied || outcome.created !== ENTRIES) throw new Error("import failed");
  if (database === "PostgreSQL") await db.raw("ANALYZE faq_entries");
  const search = makeFaqSearch(db);
  const queries = makeQueries();
  const rows: Row[] = [];
  for (const kind of KINDS) {
    const run = (q: string) =>
      search.search({ q, limit: 10, visibilities: ["public", "internal"] });
    await timeAll(queries[kind].slice(0, 20), run); // warm up caches and plans
    const fts = await timeAll(queries[kind], run);
    const like = await timeAll(queries[kind].slice(0, Math.min(50, QUERIES)), (q) =>
      likeSearch(db, q, database === "PostgreSQL"),
    );
    rows.push({ kind, fts, like });
    say(
      `  ${database} ${kind.padEnd(8)} full text p50 ${fts.p50.toFixed(2)} ms p95 ${fts.p95.toFixed(2)} ms | ` +
        `LIKE p50 ${like.p50.toFixed(1)} ms p95 ${like.p95.toFixed(1)} ms | ratio ${(fts.p50 / like.p50).toFixed(4)}`,
    );
  }
  return { database, importSeconds, rowsPerSecond: ENTRIES / importSeconds, rows };
}

function section(results: Result[]): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const lines = [
    "## FAQ search",
    "",
    "```sh",
    "node --import tsx bench/faq-search.ts --postgres",
    "```",
    "",
    `${ENTRIES.toLocaleString("en")} generated entries (a library vocabulary with a Zipf-like word`,
    "distribution plus a long tail of rare terms), imported from one CSV through `importFaqText`",
    `(parse, validate, render answers, batched upserts in one transaction); ${QUERIES} queries of`,
    "each kind, limit 10. Baseline: the same search without an index, in the same run: the same",
    "match rule (every token; all but one from three tokens on; then any) with `LIKE '%token%'`",
    "over question, answer and keywords, question matches first.",
    `Machine: ${cpus().length} × ${cpu}, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1) ?? "?"}`,
    `at the end (other work on the machine makes single runs noisy). Recorded ${new Date().toISOString().slice(0, 10)}.`,
    "Random 3-word queries rarely share an entry, so most fall back to ranking entries with any",
    "of the words (both sides then run two queries).",
    "",
    "| database | query | full text p50 | full text p95 | LIKE p50 | LIKE p95 | ratio (p50) |",
    "| -------- | ----- | ------------: | ------------: | -------: | -------: | ----------: |",
  ];
  for (const result of results) {
    for (const row of result.rows) {
      lines.push(
        `| ${result.database} | ${row.kind} | ${row.fts.p50.toFixed(2)} ms | ${row.fts.p95.toFixed(2)} ms | ` +
          `${row.like.p50.toFixed(1)} ms | ${row.like.p95.toFixed(1)} ms | ${(row.fts.p50 / row.like.p50).toFixed(4)} |`,
      );
    }
  }
  lines.push("", "| database | CSV import | rows/s |", "| -------- | ---------: | -----: |");
  for (const r of results) {
    lines.push(
      `| ${r.database} | ${r.importSeconds.toFixed(2)} s | ${Math.round(r.rowsPerSecond).toLocaleString("en")} |`,
    );
  }
  lines.push("");
  for (const r of results) {
    const worst = Math.max(...r.rows.map((row) => row.fts.p50 / row.like.p50));
    lines.push(
      `- ${worst <= 1 / 20 ? "✓" : "✗"} ${r.database}: full text ≤ 1/20 of the LIKE scan for every query kind (worst ${worst.toFixed(4)})`,
    );
  }
  return `${lines.join("\n")}\n`;
}

const dir = await mkdtemp(join(tmpdir(), "staffroom-faq-bench-"));
try {
  say(`generating ${ENTRIES} entries…`);
  const csv = generateCsv(ENTRIES);
  say(`  CSV ${(csv.length / 1e6).toFixed(1)} MB`);
  const results: Result[] = [];
  const sqlite = createKnex({ client: "sqlite3", filename: join(dir, "faq.sqlite") });
  try {
    results.push(await benchDatabase("SQLite", sqlite, csv));
  } finally {
    await sqlite.destroy();
  }
  if (args.postgres) {
    const cluster = await startTestPostgres();
    const pg = createKnex({ client: "pg", connection: await cluster.createDatabase("faq_bench") });
    try {
      results.push(await benchDatabase("PostgreSQL", pg, csv));
    } finally {
      await pg.destroy();
      await cluster.stop();
    }
  }
  for (const r of results) {
    say(
      `  ${r.database} import: ${r.importSeconds.toFixed(2)} s, ${Math.round(r.rowsPerSecond)} rows/s`,
    );
  }
  const text = section(results);
  say(text);
  if (!args["no-write"]) {
    await writeBenchmarkSection("FAQ search", text);
    say("wrote docs/benchmarks.md (FAQ search section)");
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
