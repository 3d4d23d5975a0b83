/**
 * A child process whose output goes to a log file, that can be stopped politely (SIGTERM, then
 * SIGKILL after a grace period), and a readiness wait that notices an early exit. Synapse and the
 * appservice are both run this way by `npm start`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { request } from "node:http";

/** A running child with its log. */
export type SupervisedProcess = {
  child: ChildProcess;
  /** The exit code once the child has exited (null when killed by a signal), else undefined. */
  exitCode(): number | null | undefined;
  /** When the child was spawned (ms since the epoch). */
  startedAt: number;
  /** Resolves when the child has exited, with its code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops the child (SIGTERM, SIGKILL after `graceMs`). Idempotent. */
  stop(graceMs?: number): Promise<void>;
};

/** Spawns `cmd` with stdout and stderr appended to `logFile`. */
export function spawnSupervised(
  cmd: string,
  args: string[],
  opts: { logFile: string; cwd?: string; env?: NodeJS.ProcessEnv },
): SupervisedProcess {
  const out = createWriteStream(opts.logFile, { flags: "a" });
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited: number | null | undefined;
  const exitedPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve) =>
      child.on("exit", (code, signal) => {
        exited = code;
        out.end();
        resolve({ code, signal });
      }),
  );
  return {
    child,
    startedAt: Date.now(),
    exited: exitedPromise,
    exitCode: () => exited,
    async stop(graceMs = 10_000) {
      if (exited !== undefined) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `ready` until it resolves true. Throws `onExit(code)` if the child exits first, or
 * `onTimeout()` (after stopping the child) when `timeoutMs` passes.
 */
export async function waitUntilReady(
  proc: SupervisedProcess,
  opts: {
    ready: () => Promise<boolean>;
    timeoutMs: number;
    onExit: (code: number | null) => Error;
    onTimeout: () => Error;
  },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    const code = proc.exitCode();
    if (code !== undefined) throw opts.onExit(code);
    if (await opts.ready()) return;
    await sleep(250);
  }
  await proc.stop(2000);
  throw opts.onTimeout();
}

/** Resolves true when GET `url` answers with one of `statuses` within two seconds. */
export async function answers(url: URL, statuses: number[] = [200]): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return statuses.includes(response.status);
  } catch {
    return false;
  }
}

/**
 * Resolves true when GET `path` answers 200 within two seconds, at a base URL or on a Unix
 * socket (an absolute path), as Synapse's workers listen in npm start.
 */
export function answersAt(where: string, path: string): Promise<boolean> {
  if (!where.startsWith("/")) return answers(new URL(path, where));
  return new Promise((resolve) => {
    const req = request({ socketPath: where, path, method: "GET", timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}
