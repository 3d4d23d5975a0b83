/**
 * Where PostgreSQL's server programs are. Debian installs them off the PATH, one folder per
 * major version (/usr/lib/postgresql/<version>/bin), so a plain PATH lookup misses them. Shared
 * by npm start's local cluster (localPostgres.ts) and the test harness (tests/harness/postgres.ts).
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** The Debian/Ubuntu command that installs PostgreSQL's server. */
export const POSTGRES_INSTALL = "apt-get install -y postgresql";

export const INSTALL_HINT =
  `install them with \`${POSTGRES_INSTALL}\` (Debian/Ubuntu; .ci/run does this on CI) ` +
  "or point STAFFROOM_PG_BINDIR at the folder holding initdb and pg_ctl";

/** PostgreSQL's server programs are not installed (the message names the install command). */
export class PostgresNotFoundError extends Error {
  override name = "PostgresNotFoundError";
}

/**
 * Finds the folder with `initdb` and `pg_ctl`: $STAFFROOM_PG_BINDIR, else the newest
 * /usr/lib/postgresql/<version>/bin, else PATH.
 * @param env - where STAFFROOM_PG_BINDIR and PATH are read
 * @param debian - where Debian installs the versions (a parameter for tests)
 * @throws PostgresNotFoundError naming `apt-get install -y postgresql` when there are none
 */
export function findPostgresBinDir(
  env: NodeJS.ProcessEnv = process.env,
  debian = "/usr/lib/postgresql",
): string {
  const candidates: string[] = [];
  if (env.STAFFROOM_PG_BINDIR) candidates.push(env.STAFFROOM_PG_BINDIR);
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, "bin")));
  }
  candidates.push(...(env.PATH ?? "").split(path.delimiter).filter(Boolean));
  const found = candidates.find(
    (dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl")),
  );
  if (found === undefined) {
    throw new PostgresNotFoundError(
      `PostgreSQL server binaries (initdb, pg_ctl) not found; ${INSTALL_HINT}`,
    );
  }
  return found;
}

/** The full path of `program` on the PATH in `env`, or undefined. */
export function onPath(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return (env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, program))
    .find((file) => existsSync(file));
}
