import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError } from "./config/configError.ts";
import { defaultConfigPath, loadConfig } from "./config/loadConfig.ts";
import type { AppConfig } from "./config/schema.ts";
import type { RunningAppservice } from "./main.ts";
import { makeLogger } from "./observability/logger.ts";

const log = makeLogger("Main");

const USAGE = `Usage: tsx appservice/src/main.ts [--config PATH]

Runs the Staffroom appservice. PATH defaults to $STAFFROOM_CONFIG, else appservice/config.yaml.
Signals: SIGINT/SIGTERM stop cleanly; SIGHUP re-reads the config (hot-reload keys) and the
directory file.`;

/** The start() function, passed in so this module does not import main.ts at run time. */
export type StartFn = (config: AppConfig) => Promise<RunningAppservice>;

/**
 * Runs the appservice as a process: parse args, load config (a bad file prints every problem
 * and exits 1 before anything starts), start, then handle signals until stopped.
 */
export async function runProcess(argv: string[], start: StartFn): Promise<void> {
  let configPath: string;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { config: { type: "string", short: "c" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help === true) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    configPath = values.config ?? defaultConfigPath();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }

  let running: RunningAppservice;
  try {
    running = await start(await loadConfig(configPath));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      log.error("failed to start", { error });
      if (error instanceof Error && error.stack !== undefined) log.debug(error.stack);
    }
    process.exit(1);
  }

  const stop = (signal: string): void => {
    log.info(`${signal} received, stopping`);
    // A second Ctrl-C while stopping means "now".
    process.once(signal, () => process.exit(130));
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("error while stopping", { error });
        process.exit(1);
      },
    );
  };
  // A promise nobody awaited (a timer's callback in some handler) must not end the process:
  // Node's default for an unhandled rejection is to exit. Log it and carry on.
  process.on("unhandledRejection", (reason: unknown) => {
    log.error("unhandled promise rejection", { error: reason });
  });
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGHUP", () => void reload(configPath, running));
}

async function reload(configPath: string, running: RunningAppservice): Promise<void> {
  log.info("SIGHUP received, re-reading config and directory");
  try {
    await running.reload(await loadConfig(configPath));
  } catch (error) {
    const detail = error instanceof ConfigError ? `\n${error.message}` : String(error);
    log.error(`config not reloaded, keeping the running one: ${detail}`);
    await running.reload();
  }
}

/** True when `moduleUrl` is the script node was started with (not imported by another). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
