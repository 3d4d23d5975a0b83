/**
 * Runs Synapse from the venv as a child process and knows when it is ready. Shared by `npm start`
 * and the test harness (tests/harness/synapse.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { StartupError } from "./errors.ts";
import {
  answers,
  answersAt,
  spawnSupervised,
  waitUntilReady,
  type SupervisedProcess,
} from "./supervisedProcess.ts";
import { paths } from "./paths.ts";
import { venvPython } from "./venv.ts";

/** A running Synapse. */
export type SynapseProcess = SupervisedProcess & { url: string; logFile: string };

/** Options for {@link startSynapse}. */
export type StartSynapseOptions = {
  configPath: string;
  url: string;
  /**
   * A worker of the workers topology instead of the main process: its app and its own config
   * file (read after `configPath`), and where it answers `/health` once it is up (a Unix socket
   * when `socketPath` is given; `url` is then only for messages).
   */
  worker?: { app: string; configPath: string; name: string; socketPath?: string };
  /** Synapse's own log file (from log.config); its tail is shown when start-up fails. */
  logFile: string;
  /** Where Synapse's stdout/stderr go (start-up crashes land here before logging is set up). */
  consoleLog: string;
  venv?: string;
  timeoutMs?: number;
};

/** The last `lines` lines of a file, or "" if it does not exist. */
export function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/** Starts Synapse and resolves once `/_matrix/client/versions` answers. */
export async function startSynapse(opts: StartSynapseOptions): Promise<SynapseProcess> {
  // Staffroom's Synapse module (homeserver.yaml `modules:`) is imported from synapse-config/modules.
  const pythonPath = [paths.synapseModules, process.env.PYTHONPATH].filter(Boolean).join(":");
  const worker = opts.worker;
  const args = worker
    ? ["-m", worker.app, "-c", opts.configPath, "-c", worker.configPath]
    : ["-m", "synapse.app.homeserver", "-c", opts.configPath];
  const proc = spawnSupervised(venvPython(opts.venv), args, {
    logFile: opts.consoleLog,
    env: { ...process.env, PYTHONPATH: pythonPath },
  });
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const what = worker ? `Synapse's ${worker.name} worker` : "Synapse";
  await waitUntilReady(proc, {
    ready: () =>
      worker === undefined
        ? answers(new URL("/_matrix/client/versions", opts.url))
        : answersAt(worker.socketPath ?? opts.url, "/health"),
    timeoutMs,
    onExit: (code) => {
      const why = tail(opts.consoleLog, 15) || tail(opts.logFile, 15);
      return new StartupError(
        `${what} exited during start-up (exit code ${code}).${why ? `\n${why}` : ""}`,
        "Read the log for the cause; a broken .data/ can be reset by deleting it.",
        opts.logFile,
      );
    },
    onTimeout: () =>
      new StartupError(
        `${what} did not answer at ${worker?.socketPath ?? opts.url} within ${Math.round(timeoutMs / 1000)} s.`,
        "Read the log for what it was doing; a slow disk or a huge database can need more time.",
        opts.logFile,
      ),
  });
  return { ...proc, url: opts.url, logFile: opts.logFile };
}
