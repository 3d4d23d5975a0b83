/**
 * Runs redis-server for Synapse's workers (their replication channel) as a supervised child:
 * on a Unix socket only, no TCP port, nothing saved to disk (Synapse keeps no state there).
 * Debian's package (`apt-get install -y redis-server`); its absence is named with that command.
 */
import { spawnSync } from "node:child_process";
import { connect } from "node:net";
import { StartupError } from "./errors.ts";
import { spawnSupervised, waitUntilReady, type SupervisedProcess } from "./supervisedProcess.ts";

/** The command that installs what is missing. */
export const REDIS_INSTALL = "apt-get install -y redis-server";

/** A running redis-server. */
export type RedisProcess = SupervisedProcess & { socketPath: string };

/** Resolves true when the server at `socketPath` answers PING. */
export function redisAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

/**
 * Starts redis-server with its socket at `socketPath` (owner-only) and its log in `logFile`.
 * @throws StartupError naming the install command when redis-server is missing
 */
export async function startRedis(opts: {
  socketPath: string;
  dir: string;
  logFile: string;
}): Promise<RedisProcess> {
  const found = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (found.error || found.status !== 0) {
    throw new StartupError(
      "redis-server is not installed; Synapse's workers need it for replication.",
      `Install it (Debian/Ubuntu: ${REDIS_INSTALL}), or set synapse.workers to 0 in appservice/config.yaml.`,
    );
  }
  const proc = spawnSupervised(
    "redis-server",
    [
      "--port",
      "0",
      "--unixsocket",
      opts.socketPath,
      "--unixsocketperm",
      "700",
      "--dir",
      opts.dir,
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    { logFile: opts.logFile },
  );
  await waitUntilReady(proc, {
    ready: () => redisAnswers(opts.socketPath),
    timeoutMs: 20_000,
    onExit: (code) =>
      new StartupError(
        `redis-server exited during start-up (exit code ${code}).`,
        "Read its log for the cause.",
        opts.logFile,
      ),
    onTimeout: () =>
      new StartupError(
        `redis-server did not answer on ${opts.socketPath} within 20 s.`,
        "Read its log for the cause.",
        opts.logFile,
      ),
  });
  return { ...proc, socketPath: opts.socketPath };
}
