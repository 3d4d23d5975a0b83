/** Runs the appservice as a child process (npm start) and waits for its /health. */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { StartupError } from "./errors.ts";
import { paths } from "./paths.ts";
import { tail } from "./synapseProcess.ts";

/** A running appservice child. */
export type AppserviceProcess = { child: ChildProcess; stop(graceMs?: number): Promise<void> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `appservice/src/main.ts --config <file>` and resolves when `<url>/health` answers. */
export async function startAppservice(opts: {
  configPath: string;
  url: string;
  logFile: string;
  timeoutMs?: number;
}): Promise<AppserviceProcess> {
  const out = createWriteStream(opts.logFile, { flags: "a" });
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(paths.repoRoot, "appservice", "src", "main.ts"),
      "--config",
      opts.configPath,
    ],
    { cwd: paths.repoRoot, stdio: ["ignore", "pipe", "pipe"] },
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
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new StartupError(
        `the appservice exited during start-up (exit code ${exited}).\n${tail(opts.logFile, 15)}`,
        "Fix what the log names (often appservice/config.yaml) and run again.",
        opts.logFile,
      );
    }
    try {
      const response = await fetch(new URL("/health", opts.url), {
        signal: AbortSignal.timeout(2000),
      });
      if (response.status === 200 || response.status === 503) return { child, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  await stop(2000);
  throw new StartupError(
    `the appservice did not answer at ${opts.url}/health within ${Math.round((opts.timeoutMs ?? 60_000) / 1000)} s.`,
    "Read its log for what it was doing.",
    opts.logFile,
  );
}
