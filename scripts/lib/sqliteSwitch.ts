/**
 * Moving an install that ran Synapse on SQLite to the workers topology, which needs PostgreSQL.
 * npm start refuses to start the workers on an empty PostgreSQL database while SQLite holds the
 * data (Synapse would start a second, empty server beside it), naming the one-time move:
 * `npx staffroom migrate-synapse-db` (scripts/migrateSynapseDb.ts), which runs Synapse's own
 * `synapse_port_db`. A progress file beside the cluster says whether a move began and finished.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { StartupError } from "./errors.ts";
import type { LocalPostgresLayout } from "./localPostgres.ts";
import { paths } from "./paths.ts";

/** The command that moves Synapse's data from SQLite to the local PostgreSQL cluster. */
export const MIGRATE_COMMAND = "npx staffroom migrate-synapse-db";

/** Synapse's SQLite database of the single-process setup. */
export const sqliteDatabase = () => join(paths.synapseConfigDir, "homeserver.db");

/** A path as the person reads it: relative to the checkout when inside it. */
export function shown(path: string): string {
  const inside = relative(paths.repoRoot, path);
  return inside.startsWith("..") || inside === "" ? path : inside;
}

/** Where a move stands: never begun, begun but not finished, finished. */
export type PortState = "none" | "running" | "done";

const stateFile = (layout: LocalPostgresLayout) => join(layout.dir, "synapse-port.json");

/** Reads the move's progress file. */
export function readPortState(layout: LocalPostgresLayout): PortState {
  if (!existsSync(stateFile(layout))) return "none";
  try {
    const { state } = JSON.parse(readFileSync(stateFile(layout), "utf8")) as { state?: unknown };
    return state === "running" || state === "done" ? state : "none";
  } catch {
    return "running";
  }
}

/** Records the move's progress. */
export function writePortState(layout: LocalPostgresLayout, state: Exclude<PortState, "none">) {
  writeFileSync(stateFile(layout), `${JSON.stringify({ state, at: new Date().toISOString() })}\n`);
}

/** The exact steps of the move, for messages and docs. */
export function migrationSteps(): string {
  return (
    `Move it once with Synapse's synapse_port_db: stop npm start, run \`${MIGRATE_COMMAND}\` ` +
    `(it creates the PostgreSQL cluster in ${shown(join(paths.dataDir, "postgres"))} and runs ` +
    `${shown(join(paths.venv, "bin", "synapse_port_db"))} --sqlite-database ${shown(sqliteDatabase())} ` +
    `--postgres-config <homeserver.yaml rendered for PostgreSQL>), then run npm start again. ` +
    `Or set synapse.workers back to 0 in ${shown(paths.appserviceConfig)}.`
  );
}

/**
 * Why the workers must not start, if they must not.
 * @param opts.workers - `synapse.workers`
 * @param opts.sqliteExists - whether Synapse's SQLite database exists (it has run on SQLite)
 * @param opts.postgresHasData - whether the local cluster holds Synapse's schema
 * @param opts.portState - the move's progress file
 */
export function sqliteSwitchRefusal(opts: {
  workers: number;
  sqliteExists: boolean;
  postgresHasData: boolean;
  portState: PortState;
}): StartupError | undefined {
  if (opts.workers < 1) return undefined;
  if (opts.portState === "running") {
    return new StartupError(
      `an earlier \`${MIGRATE_COMMAND}\` did not finish: Synapse's data in PostgreSQL is incomplete; nothing was started.`,
      `Run \`${MIGRATE_COMMAND}\` again (npm start stopped): it carries on where it stopped.`,
    );
  }
  if (!opts.sqliteExists || opts.postgresHasData) return undefined;
  return new StartupError(
    `synapse.workers is ${opts.workers}, but this install's Synapse data is in SQLite ` +
      `(${shown(sqliteDatabase())}) and Synapse's workers need it in PostgreSQL, which has none ` +
      "yet; nothing was started.",
    migrationSteps(),
  );
}
