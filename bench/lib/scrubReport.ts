/** What bench/scrub.ts prints and writes into docs/benchmarks.md: the table and the checks. */
import { cpus } from "node:os";

/** One measured scrub (Staffroom's with one pacing, or Synapse's job). */
export type ScrubRow = { what: string; ms: number; idleP99: number; p99: number; sends: number };

/** Messages left in a set after its scrub: all of them, and those older than the cutoff. */
export type LeftOver = { total: number; old: number };

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The Markdown table, every row against Synapse's job (`jobMs`). */
export function scrubTable(rows: readonly ScrubRow[], jobMs: number): string[] {
  return [
    "| what | time | ÷ Synapse's job | idle p99 (just before) | p99 during | p99 ratio | live sends |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.what} | ${seconds(r.ms)} | ${(r.ms / jobMs).toFixed(2)} | ${r.idleP99.toFixed(0)} ms | ${r.p99.toFixed(0)} ms | ${(r.p99 / r.idleP99).toFixed(2)} | ${r.sends} |`,
    ),
  ];
}

/** The guarantees and goals for one Staffroom scrub, as (text, met) pairs. */
export function scrubChecks(
  row: ScrubRow,
  left: LeftOver,
  jobMs: number,
  expectedNew: number,
): [string, boolean][] {
  const ratio = row.ms / jobMs;
  const latencyRatio = row.p99 / row.idleP99;
  const kept = left.total - left.old;
  return [
    [`Staffroom left 0 old messages (${left.old})`, left.old === 0],
    [`Staffroom kept all ${expectedNew} newer messages (${kept})`, kept === expectedNew],
    [`time ratio to Synapse's job ≤ 1.0 (${ratio.toFixed(2)})`, ratio <= 1],
    [`live p99 during the scrub ÷ idle p99 ≤ 2 (${latencyRatio.toFixed(2)})`, latencyRatio <= 2],
  ];
}

/** `- ✓ text` lines. */
export const checkLines = (checks: readonly [string, boolean][]) =>
  checks.map(([text, ok]) => `- ${ok ? "✓" : "✗"} ${text}`);

/** The docs/benchmarks.md section: command, set-up text, machine, table, checks. */
export function scrubSection(input: {
  title: string;
  command: string;
  setup: readonly string[];
  table: readonly string[];
  checks: readonly { row: ScrubRow; checks: [string, boolean][] }[];
  note: string | undefined;
}): string {
  const cpu = cpus()[0]?.model.split(" ").slice(0, 2).join(" ") ?? "CPU";
  return [
    `## ${input.title}`,
    "",
    "```sh",
    input.command,
    "```",
    "",
    ...input.setup,
    `Machine: ${cpus().length} × ${cpu}, Node ${process.version}. Recorded ${new Date().toISOString().slice(0, 10)}.`,
    "",
    ...input.table,
    ...input.checks.flatMap(({ row, checks }) => [
      "",
      `Checks (${row.what}):`,
      "",
      ...checkLines(checks),
    ]),
    ...(input.note === undefined ? [] : ["", input.note]),
    "",
  ].join("\n");
}
