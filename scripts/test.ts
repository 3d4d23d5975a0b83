/**
 * `npm test`: typecheck, lint, unit, integration (real Synapse) and end-to-end (real Synapse +
 * Chromium), in that order, stopping at the first failing phase. Ends with one summary line
 * "N passed, N failed". `npm test -- <phase>` runs a single phase.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { paths } from "./lib/paths.ts";
import { ensureSynapseVenv, venvPython } from "./lib/venv.ts";

type Phase = { name: string; command: string[]; vitestReport?: string };

const resultsDir = join(paths.dataDir, "test-results");
const bin = (name: string) => join(paths.repoRoot, "node_modules", ".bin", name);
const vitest = (phase: string, projects: string[]): Phase => {
  const report = join(resultsDir, `${phase}.json`);
  return {
    name: phase,
    vitestReport: report,
    command: [
      bin("vitest"),
      "run",
      ...projects.flatMap((p) => ["--project", p]),
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
    ],
  };
};

const phases: Phase[] = [
  { name: "typecheck", command: [bin("tsc"), "-p", "."] },
  { name: "typecheck", command: [bin("tsc"), "-p", "appservice"] },
  { name: "typecheck", command: [bin("tsc"), "-p", "client"] },
  { name: "lint", command: [bin("eslint"), "--max-warnings", "0", "."] },
  { name: "lint", command: [bin("prettier"), "--check", "--log-level", "warn", "."] },
  vitest("unit", ["appservice", "client"]),
  vitest("integration", ["integration"]),
  vitest("e2e", ["e2e"]),
];

function runPhase(phase: Phase): Promise<number> {
  console.log(
    `\n▶ ${phase.name}: ${phase.command.map((c) => c.replace(paths.repoRoot + "/", "")).join(" ")}`,
  );
  return new Promise((resolve) => {
    const [cmd, ...args] = phase.command as [string, ...string[]];
    const child = spawn(cmd, args, { cwd: paths.repoRoot, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.on("exit", (code) => {
      process.off("SIGINT", forward).off("SIGTERM", forward);
      resolve(code ?? 1);
    });
  });
}

function counts(report: string): { passed: number; failed: number } {
  if (!existsSync(report)) return { passed: 0, failed: 0 };
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
  };
  return { passed: json.numPassedTests, failed: json.numFailedTests };
}

async function main(): Promise<number> {
  const only = process.argv[2];
  const selected = only ? phases.filter((p) => p.name === only) : phases;
  if (selected.length === 0) {
    console.error(
      `unknown phase "${only}"; phases: ${[...new Set(phases.map((p) => p.name))].join(", ")}`,
    );
    return 2;
  }
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  if (selected.some((p) => p.name === "integration" || p.name === "e2e")) {
    ensureSynapseVenv((line) => console.log(`staffroom: ${line}`));
    const version = await new Promise<string>((resolve) => {
      const child = spawn(venvPython(), ["-c", "import synapse; print(synapse.__version__)"]);
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.on("exit", () => resolve(out.trim()));
    });
    console.log(`staffroom: integration and end-to-end tests run against Synapse ${version}`);
  }
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  let exitCode = 0;
  for (const phase of selected) {
    const code = await runPhase(phase);
    if (phase.vitestReport) {
      const c = counts(phase.vitestReport);
      passed += c.passed;
      failed += c.failed;
    }
    if (code !== 0) {
      console.error(`\n✗ ${phase.name} failed (exit code ${code}); later phases were not run.`);
      exitCode = code;
      if (failed === 0) failed = 1;
      break;
    }
  }
  console.log(`\nstaffroom tests finished in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
