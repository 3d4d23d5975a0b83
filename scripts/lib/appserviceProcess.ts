/** Runs the appservice as a child process (npm start) and waits for its /health. */
import { join } from "node:path";
import { StartupError } from "./errors.ts";
import { paths } from "./paths.ts";
import {
  answers,
  spawnSupervised,
  waitUntilReady,
  type SupervisedProcess,
} from "./supervisedProcess.ts";
import { tail } from "./synapseProcess.ts";

/** Starts `appservice/src/main.ts --config <file>` and resolves when `<url>/health` answers. */
export async function startAppservice(opts: {
  configPath: string;
  url: string;
  logFile: string;
  timeoutMs?: number;
}): Promise<SupervisedProcess> {
  const proc = spawnSupervised(
    process.execPath,
    [
      "--disable-warning=DEP0060",
      "--import",
      "tsx",
      join(paths.repoRoot, "appservice", "src", "main.ts"),
      "--config",
      opts.configPath,
    ],
    { logFile: opts.logFile, cwd: paths.repoRoot },
  );
  const timeoutMs = opts.timeoutMs ?? 60_000;
  await waitUntilReady(proc, {
    // 503 means up but unable to reach Synapse: it is running, and /health says why.
    ready: () => answers(new URL("/health", opts.url), [200, 503]),
    timeoutMs,
    onExit: (code) =>
      new StartupError(
        `the appservice exited during start-up (exit code ${code}).\n${tail(opts.logFile, 15)}`,
        "Fix what the log names (often appservice/config.yaml) and run again.",
        opts.logFile,
      ),
    onTimeout: () =>
      new StartupError(
        `the appservice did not answer at ${opts.url}/health within ${Math.round(timeoutMs / 1000)} s.`,
        "Read its log for what it was doing.",
        opts.logFile,
      ),
  });
  return proc;
}
