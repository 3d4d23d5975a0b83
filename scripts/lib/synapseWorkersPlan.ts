/**
 * What npm start's workers topology (`synapse.workers` ≥ 1) needs on this machine, checked
 * before anything starts: PostgreSQL's server programs and redis-server installed, every Unix
 * socket path short enough, and no SQLite install about to be left behind (sqliteSwitch.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { workersTopology, type Endpoint, type WorkersTopology } from "@staffroom/appservice/setup";
import { StartupError } from "./errors.ts";
import {
  clusterExists,
  localPostgresLayout,
  socketFileOf,
  type LocalPostgresLayout,
} from "./localPostgres.ts";
import { paths } from "./paths.ts";
import { findPostgresBinDir, onPath, PostgresNotFoundError } from "./postgresBin.ts";
import { readPortState, sqliteDatabase, sqliteSwitchRefusal } from "./sqliteSwitch.ts";

/** The command that installs both. */
export const WORKERS_INSTALL = "apt-get install -y postgresql redis-server";

/** A Unix socket path's longest length in bytes (sun_path holds 108 with the final NUL). */
export const SOCKET_PATH_MAX = 107;

/** Where the workers topology of npm start lives. */
export type WorkersPlan = {
  workers: number;
  topology: WorkersTopology;
  /** Every Synapse listener, redis-server's and the router's socket: .data/synapse/sockets. */
  socketsDir: string;
  redisSocket: string;
  /** The router the web client's proxy sends /_matrix to. */
  routerSocket: string;
  postgres: LocalPostgresLayout;
};

/** The plan for `workers` sync workers under `dataDir`'s layout (paths.ts). */
export function workersPlan(workers: number): WorkersPlan {
  const socketsDir = join(paths.synapseConfigDir, "sockets");
  const redisSocket = join(socketsDir, "redis.sock");
  return {
    workers,
    topology: workersTopology(workers, {
      kind: "sockets",
      dir: socketsDir,
      redis: { path: redisSocket },
    }),
    socketsDir,
    redisSocket,
    routerSocket: join(socketsDir, "router.sock"),
    postgres: localPostgresLayout(),
  };
}

/** Every Unix socket the plan listens on. */
export function socketPathsOf(plan: WorkersPlan): string[] {
  const endpoints = plan.topology.processes.flatMap((process) =>
    [process.client, process.replication, process.healthOnly].filter(
      (endpoint): endpoint is Endpoint => endpoint !== undefined,
    ),
  );
  return [
    ...endpoints.flatMap((endpoint) => ("path" in endpoint ? [endpoint.path] : [])),
    plan.redisSocket,
    plan.routerSocket,
    paths.synapseProxySocket,
    socketFileOf(plan.postgres),
  ];
}

/** The error for a socket path longer than Unix sockets allow, if there is one. */
export function socketPathProblem(socketPaths: readonly string[]): StartupError | undefined {
  const longest = [...socketPaths].sort((a, b) => Buffer.byteLength(b) - Buffer.byteLength(a))[0];
  if (longest === undefined || Buffer.byteLength(longest) <= SOCKET_PATH_MAX) return undefined;
  return new StartupError(
    `the checkout is too deep for Synapse's workers: their Unix socket ${longest} is ` +
      `${Buffer.byteLength(longest)} bytes long, and a Unix socket path may have at most ${SOCKET_PATH_MAX}.`,
    `Move the checkout to a shorter path (or point STAFFROOM_DATA_DIR at a shorter folder, about ` +
      `${Buffer.byteLength(longest) - SOCKET_PATH_MAX} bytes shorter), or set synapse.workers to 0.`,
  );
}

/**
 * PostgreSQL's server programs folder, when it and redis-server are installed.
 * @throws StartupError naming `apt-get install -y postgresql redis-server` otherwise
 */
export function findWorkerPrograms(
  env: NodeJS.ProcessEnv = process.env,
  debian = "/usr/lib/postgresql",
): string {
  const missing: string[] = [];
  let binDir: string | undefined;
  try {
    binDir = findPostgresBinDir(env, debian);
    const tools = ["postgres", "psql", "pg_isready"].filter((t) => !existsSync(join(binDir!, t)));
    if (tools.length > 0) missing.push(`PostgreSQL's ${tools.join(", ")} (in ${binDir})`);
  } catch (error) {
    if (!(error instanceof PostgresNotFoundError)) throw error;
    missing.push("PostgreSQL's server programs (initdb, pg_ctl, postgres)");
  }
  if (onPath("redis-server", env) === undefined) missing.push("redis-server");
  if (missing.length > 0 || binDir === undefined) {
    throw new StartupError(
      `Synapse's workers (synapse.workers ≥ 1) need PostgreSQL and redis-server; not found: ` +
        `${missing.join(" and ")}. Install them with \`${WORKERS_INSTALL}\`.`,
      `Run \`${WORKERS_INSTALL}\` (Debian/Ubuntu, as root), or set synapse.workers to 0 in ` +
        "appservice/config.yaml to run one Synapse process.",
    );
  }
  return binDir;
}

/**
 * Every check that needs nothing running; resolves with PostgreSQL's programs folder.
 * (Whether an existing cluster holds Synapse's data is checked once it runs.)
 */
export function preflightWorkers(plan: WorkersPlan, env: NodeJS.ProcessEnv = process.env): string {
  const refusal = clusterExists(plan.postgres)
    ? undefined
    : sqliteSwitchRefusal({
        workers: plan.workers,
        sqliteExists: existsSync(sqliteDatabase()),
        postgresHasData: false,
        portState: readPortState(plan.postgres),
      });
  if (refusal) throw refusal;
  const tooLong = socketPathProblem(socketPathsOf(plan));
  if (tooLong) throw tooLong;
  return findWorkerPrograms(env);
}
