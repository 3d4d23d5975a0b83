/**
 * npm start's own PostgreSQL cluster for Synapse's workers (`synapse.workers` ≥ 1), kept in
 * .data/postgres across starts: created once (initdb, locale C and UTF8 as Synapse requires,
 * trust authentication), listening on a Unix socket only (`listen_addresses = ''`) in a folder
 * only its owner can enter, and run in the foreground as a supervised child.
 *
 * PostgreSQL refuses to run as root: run as root, the cluster belongs to the `postgres` system
 * user (created by the Debian package) and its server programs run as that user through
 * `setpriv`, which execs, so the child's pid is the server's own; otherwise everything runs as
 * the user running npm start.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { appendFile, chmod, chown, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { StartupError } from "./errors.ts";
import { paths } from "./paths.ts";
import { spawnSupervised, waitUntilReady, type SupervisedProcess } from "./supervisedProcess.ts";
import { tail } from "./synapseProcess.ts";

const run = promisify(execFile);

/** The role (the cluster's superuser) and database Synapse uses. */
export const SYNAPSE_DB = "synapse";

const CONF_MARK = "# Staffroom: npm start's local cluster for Synapse's workers";

/** Where the cluster's pieces live. */
export type LocalPostgresLayout = {
  /** .data/postgres: owner-only. */
  dir: string;
  dataDir: string;
  /** The server's Unix socket folder (owner-only); Synapse's `database.args.host`. */
  socketDir: string;
  logFile: string;
};

/** The layout under `root` (default .data/postgres). */
export function localPostgresLayout(root = join(paths.dataDir, "postgres")): LocalPostgresLayout {
  return {
    dir: root,
    dataDir: join(root, "data"),
    socketDir: join(root, "run"),
    logFile: join(root, "postgres.log"),
  };
}

/** The server's socket file (the default port names it). */
export const socketFileOf = (layout: LocalPostgresLayout) =>
  join(layout.socketDir, ".s.PGSQL.5432");

/** Whether initdb has run to the end here (npm start then added its settings). */
export function clusterExists(layout: LocalPostgresLayout): boolean {
  const conf = join(layout.dataDir, "postgresql.conf");
  return existsSync(conf) && readFileSync(conf, "utf8").includes(CONF_MARK);
}

let owner: { uid: number; gid: number } | undefined | null = null;

/** As root: the `postgres` system user, who owns the cluster (looked up once). */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (owner !== null) return owner;
  owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  return owner;
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) {
    throw new StartupError(
      'running as root, but there is no "postgres" system user to own Synapse\'s PostgreSQL cluster.',
      "Install the Debian package, which creates it (apt-get install -y postgresql redis-server), or run npm start as another user.",
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** `cmd args` run as the cluster's owner. */
function asOwner(cmd: string, args: string[]): [string, string[]] {
  const user = clusterOwner();
  if (!user) return [cmd, args];
  const as = [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--init-groups", "--"];
  return ["setpriv", [...as, cmd, ...args]];
}

function failure(what: string, error: unknown, logFile?: string): StartupError {
  const stderr = (error as { stderr?: unknown }).stderr;
  const why = typeof stderr === "string" && stderr.trim() !== "" ? stderr.trim() : String(error);
  return new StartupError(`${what}: ${why}`, "Read the message above for the cause.", logFile);
}

/**
 * Creates the cluster unless it exists (a half-made one from an interrupted first run is
 * removed first: nothing ever ran on it). Resolves true when it created it.
 */
export async function ensureCluster(
  layout: LocalPostgresLayout,
  binDir: string,
  say: (line: string) => void,
): Promise<boolean> {
  if (clusterExists(layout)) return false;
  const user = clusterOwner();
  for (const dir of [layout.dir, layout.socketDir]) {
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o700);
    if (user) await chown(dir, user.uid, user.gid);
  }
  if (user) {
    const [cmd, args] = asOwner("test", ["-w", layout.dir]);
    if (spawnSync(cmd, args).status !== 0) {
      throw new StartupError(
        `the postgres user can't reach ${layout.dir}, where Synapse's PostgreSQL cluster goes.`,
        "Every folder above it must be searchable by others (chmod o+x), or set STAFFROOM_DATA_DIR to a folder that is.",
      );
    }
  }
  if (existsSync(layout.dataDir)) {
    say("removing an unfinished PostgreSQL cluster from an interrupted first start…");
    await rm(layout.dataDir, { recursive: true, force: true });
  }
  say(`creating the PostgreSQL cluster for Synapse's workers in ${layout.dir} (one time)…`);
  const [cmd, args] = asOwner(join(binDir, "initdb"), [
    "-D",
    layout.dataDir,
    "-U",
    SYNAPSE_DB,
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
  ]);
  try {
    await run(cmd, args, { cwd: layout.dir });
  } catch (error) {
    throw failure("initdb could not create Synapse's PostgreSQL cluster", error);
  }
  // Trust is safe only because nobody else can reach the socket: no TCP, an owner-only folder.
  await appendFile(
    join(layout.dataDir, "postgresql.conf"),
    [
      "",
      CONF_MARK,
      "listen_addresses = ''",
      `unix_socket_directories = '${layout.socketDir}'`,
      "",
    ].join("\n"),
  );
  return true;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops a server an earlier npm start left running (it was killed before it could stop it). */
async function stopLeftover(layout: LocalPostgresLayout, say: (line: string) => void) {
  const pidFile = join(layout.dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const comm = existsSync(`/proc/${pid}/comm`) ? readFileSync(`/proc/${pid}/comm`, "utf8") : "";
  if (!comm.startsWith("postgres")) return;
  say(`stopping the PostgreSQL (pid ${pid}) an earlier npm start left running…`);
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

async function accepting(layout: LocalPostgresLayout, binDir: string): Promise<boolean> {
  try {
    await run(join(binDir, "pg_isready"), [
      "-q",
      "-h",
      layout.socketDir,
      "-U",
      SYNAPSE_DB,
      "-d",
      "postgres",
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Starts the server and resolves once it accepts connections. */
export async function startLocalPostgres(
  layout: LocalPostgresLayout,
  binDir: string,
  say: (line: string) => void = () => undefined,
  /** max_connections (Synapse's workers: see postgresConnectionsFor); default PostgreSQL's 100. */
  maxConnections = 100,
): Promise<SupervisedProcess> {
  await stopLeftover(layout, say);
  // -h '' (no TCP) and -k (the socket folder) again: they win over a moved checkout's old file.
  const [cmd, args] = asOwner(join(binDir, "postgres"), [
    "-D",
    layout.dataDir,
    "-h",
    "",
    "-k",
    layout.socketDir,
    "-N",
    String(maxConnections),
  ]);
  const proc = spawnSupervised(cmd, args, { logFile: layout.logFile, cwd: layout.dir });
  await waitUntilReady(proc, {
    ready: () => accepting(layout, binDir),
    timeoutMs: 60_000,
    onExit: (code) =>
      new StartupError(
        `PostgreSQL exited during start-up (exit code ${code}).\n${tail(layout.logFile, 10)}`,
        "Read its log for the cause.",
        layout.logFile,
      ),
    onTimeout: () =>
      new StartupError(
        `PostgreSQL did not accept connections on ${layout.socketDir} within 60 s.`,
        "Read its log for what it was doing.",
        layout.logFile,
      ),
  });
  return proc;
}

/** Runs one SQL statement through psql on the socket; resolves with its unaligned output. */
export async function psql(
  layout: LocalPostgresLayout,
  binDir: string,
  database: string,
  sql: string,
): Promise<string> {
  const args = ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", layout.socketDir];
  try {
    const { stdout } = await run(join(binDir, "psql"), [
      ...args,
      "-U",
      SYNAPSE_DB,
      "-d",
      database,
      "-c",
      sql,
    ]);
    return stdout.trim();
  } catch (error) {
    throw failure(`PostgreSQL refused "${sql}"`, error, layout.logFile);
  }
}

/** Creates Synapse's database (C collation, UTF8) unless it exists. Resolves true when it did. */
export async function ensureSynapseDatabase(
  layout: LocalPostgresLayout,
  binDir: string,
): Promise<boolean> {
  const found = await psql(
    layout,
    binDir,
    "postgres",
    `SELECT 1 FROM pg_database WHERE datname = '${SYNAPSE_DB}'`,
  );
  if (found === "1") return false;
  await psql(
    layout,
    binDir,
    "postgres",
    `CREATE DATABASE ${SYNAPSE_DB} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
  );
  return true;
}

/** Whether Synapse has created its schema in its database (it has run on it, or been ported). */
export async function synapseHasData(
  layout: LocalPostgresLayout,
  binDir: string,
): Promise<boolean> {
  const answer = await psql(
    layout,
    binDir,
    SYNAPSE_DB,
    "SELECT to_regclass('public.schema_version') IS NOT NULL",
  );
  return answer === "t";
}
