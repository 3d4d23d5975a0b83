/**
 * Runs Synapse from the venv as a child process and knows when it is ready. Shared by `npm start`
 * and the test harness (tests/harness/synapse.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { StartupError } from "./errors.ts";
import { venvPython } from "./venv.ts";

/** A running Synapse. */
export type SynapseProcess = {
  url: string;
  child: ChildProcess;
  logFile: string;
  /** Stops Synapse (SIGTERM, then SIGKILL after `graceMs`). Idempotent. */
  stop(graceMs?: number): Promise<void>;
};

/** Options for {@link startSynapse}. */
export type StartSynapseOptions = {
  configPath: string;
  url: string;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL("/_matrix/client/versions", url), {
      signal: AbortSignal.timeout(2000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts Synapse and resolves once `/_matrix/client/versions` answers. */
export async function startSynapse(opts: StartSynapseOptions): Promise<SynapseProcess> {
  const out = createWriteStream(opts.consoleLog, { flags: "a" });
  const child = spawn(
    venvPython(opts.venv),
    ["-m", "synapse.app.homeserver", "-c", opts.configPath],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (exited !== undefined || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await gone;
    clearTimeout(timer);
    out.end();
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      const why = tail(opts.consoleLog, 15) || tail(opts.logFile, 15);
      throw new StartupError(
        `Synapse exited during start-up (exit code ${exited}).${why ? `\n${why}` : ""}`,
        "Read the log for the cause; a broken .data/ can be reset by deleting it.",
        opts.logFile,
      );
    }
    if (await answers(opts.url)) return { url: opts.url, child, logFile: opts.logFile, stop };
    await sleep(250);
  }
  await stop(2000);
  throw new StartupError(
    `Synapse did not answer at ${opts.url} within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s.`,
    "Read the log for what it was doing; a slow disk or a huge database can need more time.",
    opts.logFile,
  );
}
