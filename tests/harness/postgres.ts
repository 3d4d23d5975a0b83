/**
 * A throwaway PostgreSQL cluster for tests, so every store is tested on PostgreSQL as well as
 * SQLite (design §7). Uses Debian's server binaries (`apt-get install postgresql`, which
 * `.ci/run` does on a bare machine); never skips when they are missing, it fails and says so.
 *
 * PostgreSQL refuses to run as root, and CI runs as root: then the cluster belongs to the
 * `postgres` system user (created by the Debian package) and the binaries run through
 * `runuser`. As any other user they run directly. The cluster lives in a temp dir, listens on
 * 127.0.0.1 on a free port with its unix socket in that dir, trusts local connections and is
 * tuned for speed over durability (fsync off).
 *
 * ```ts
 * const pg = await startTestPostgres();
 * const url = await pg.createDatabase("stores_1"); // postgres://postgres@127.0.0.1:PORT/stores_1
 * await pg.stop();
 * ```
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { appendFile, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import knex from "knex";
import { freePort } from "../../scripts/lib/ports.ts";
import { findPostgresBinDir, INSTALL_HINT } from "../../scripts/lib/postgresBin.ts";

const run = promisify(execFile);

/** A running test cluster. */
export type TestPostgres = {
  /** Superuser connection to the `postgres` database. */
  connectionString: string;
  /** Creates an empty database and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /** The server log (for failure reports). */
  logTail(lines?: number): string;
  /** `pg_ctl stop -m fast`, then removes the temp dir (kept with STAFFROOM_KEEP_TEST_DATA=1). */
  stop(): Promise<void>;
};

/** Starts a fresh cluster; see the module comment. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const binDir = findPostgresBinDir();
  const owner = process.getuid?.() === 0 ? postgresAccount() : undefined;
  const dir = await mkdtemp(path.join(tmpdir(), "staffroom-pg-"));
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "postgres.log");
  // As root, run each binary as `postgres`; cwd in the temp dir, which that user can read.
  const pg = (tool: string, args: string[]) =>
    owner === undefined
      ? run(path.join(binDir, tool), args, { cwd: dir })
      : run("runuser", ["-u", "postgres", "--", path.join(binDir, tool), ...args], { cwd: dir });
  let started = false;
  const stopNow = async (): Promise<void> => {
    if (started) {
      started = false;
      await pg("pg_ctl", ["stop", "-D", dataDir, "-m", "fast", "-w"]);
    }
    if (process.env.STAFFROOM_KEEP_TEST_DATA !== "1")
      await rm(dir, { recursive: true, force: true });
  };
  try {
    if (owner !== undefined) await chown(dir, owner.uid, owner.gid);
    await pg("initdb", [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--no-locale",
      "--no-sync",
    ]);
    const port = await freePort();
    await appendFile(
      path.join(dataDir, "postgresql.conf"),
      [
        "",
        "# staffroom test cluster",
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        `unix_socket_directories = '${dir}'`,
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        // Synapse's workers open up to 10 connections each (production's pool): six processes
        // and the appservice need more than PostgreSQL's default share of a small cluster.
        "max_connections = 200",
        "",
      ].join("\n"),
    );
    await pg("pg_ctl", ["start", "-D", dataDir, "-l", logFile, "-w", "-t", "60"]);
    started = true;
    // If the test process dies without stop(), do not leave a server behind.
    process.once("exit", () => {
      if (!started) return;
      const args = ["stop", "-D", dataDir, "-m", "immediate"];
      const pgCtl = path.join(binDir, "pg_ctl");
      if (owner === undefined) spawnSync(pgCtl, args, { cwd: dir });
      else spawnSync("runuser", ["-u", "postgres", "--", pgCtl, ...args], { cwd: dir });
      if (process.env.STAFFROOM_KEEP_TEST_DATA !== "1")
        rmSync(dir, { recursive: true, force: true });
    });
    const base = `postgres://postgres@127.0.0.1:${port}`;
    const logTail = (lines = 40): string =>
      existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n") : "";
    return {
      connectionString: `${base}/postgres`,
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad test database name: ${name}`);
        const admin = knex({ client: "pg", connection: `${base}/postgres` });
        try {
          await admin.raw("CREATE DATABASE ??", [name]);
        } finally {
          await admin.destroy();
        }
        return `${base}/${name}`;
      },
      logTail,
      stop: stopNow,
    };
  } catch (error) {
    const detail = describeFailure(error, logFile);
    await stopNow().catch(() => undefined);
    throw new Error(`test PostgreSQL failed to start (${binDir}): ${detail}`, { cause: error });
  }
}

// The Debian package's system user; PostgreSQL will not run as root.
function postgresAccount(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      `running as root, but there is no "postgres" system user to own the test cluster; ${INSTALL_HINT}`,
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function describeFailure(error: unknown, logFile: string): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const message = error instanceof Error ? error.message : String(error);
  const log = existsSync(logFile) ? `\n--- server log ---\n${readFileSync(logFile, "utf8")}` : "";
  return `${typeof stderr === "string" && stderr !== "" ? stderr.trim() : message}${log}`;
}

/**
 * homeserver.yaml's `database` section for Synapse on a new database of the cluster
 * (psycopg2, production's pool size).
 * @param pg - the running cluster
 * @param name - the database to create
 */
export async function synapseDatabaseSection(
  pg: TestPostgres,
  name = "synapse",
): Promise<Record<string, unknown>> {
  const url = new URL(await pg.createDatabase(name));
  return {
    name: "psycopg2",
    args: {
      user: url.username,
      host: url.hostname,
      port: Number(url.port),
      dbname: name,
      cp_min: 5,
      cp_max: 10,
    },
  };
}
