/**
 * `npx staffroom migrate-synapse-db` (or `npm run migrate-synapse-db`): moves an npm start
 * install's Synapse data from SQLite (.data/synapse/homeserver.db) into the local PostgreSQL
 * cluster the workers topology runs on (.data/postgres), once, with Synapse's own
 * `synapse_port_db`. It stops nothing: it refuses while npm start runs (its lock), creates and
 * starts the cluster, renders homeserver.yaml for SQLite and for PostgreSQL into
 * .data/synapse/port-db/ (the config npm start uses is left alone), finishes Synapse's pending
 * background updates on SQLite (`update_synapse_database`: the port refuses to run before),
 * runs the port with its progress shown, lines the sequences up with the copied stream positions
 * (portFixups.ts), and stops the cluster again. An interrupted run is
 * carried on by the next one. The SQLite file is kept.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig } from "@staffroom/appservice";
import { loadOrCreateSecrets, writeSynapseConfig } from "@staffroom/appservice/setup";
import { StartupError } from "./lib/errors.ts";
import {
  ensureCluster,
  ensureSynapseDatabase,
  psql,
  startLocalPostgres,
  synapseHasData,
  SYNAPSE_DB,
} from "./lib/localPostgres.ts";
import { takeLock } from "./lib/lock.ts";
import { paths } from "./lib/paths.ts";
import { alignSequencesSql } from "./lib/portFixups.ts";
import {
  MIGRATE_COMMAND,
  readPortState,
  shown,
  sqliteDatabase,
  writePortState,
} from "./lib/sqliteSwitch.ts";
import type { SupervisedProcess } from "./lib/supervisedProcess.ts";
import { embeddedRenderInput } from "./lib/synapseStack.ts";
import { findWorkerPrograms, workersPlan } from "./lib/synapseWorkersPlan.ts";
import { ensureSynapseVenv } from "./lib/venv.ts";

const say = (line: string) => console.log(`staffroom: ${line}`);

let postgres: SupervisedProcess | undefined;
let port: ChildProcess | undefined;
let releaseLock: (() => void) | undefined;

async function cleanUp(): Promise<void> {
  port?.kill("SIGINT");
  await postgres?.stop();
  releaseLock?.();
}

/** Runs one of the venv's Synapse tools, output shown; resolves with its exit code. */
function runTool(tool: string, args: string[]): Promise<number | null> {
  // Staffroom's Synapse modules (homeserver.yaml `modules:`) are loaded with the config.
  const pythonPath = [paths.synapseModules, process.env.PYTHONPATH].filter(Boolean).join(":");
  port = spawn(join(paths.venv, "bin", tool), args, {
    stdio: "inherit",
    cwd: paths.synapseConfigDir,
    env: { ...process.env, PYTHONPATH: pythonPath },
  });
  return new Promise((resolve, reject) => {
    port?.once("error", reject);
    port?.once("exit", (code) => resolve(code));
  });
}

async function main(): Promise<void> {
  mkdirSync(paths.synapseConfigDir, { recursive: true });
  releaseLock = takeLock(paths.lockFile);
  const sqlite = sqliteDatabase();
  if (!existsSync(sqlite)) {
    throw new StartupError(
      `there is no SQLite database to move: ${shown(sqlite)} does not exist.`,
      "Nothing to do: a new install with synapse.workers ≥ 1 starts on PostgreSQL by itself.",
    );
  }
  const config = await loadConfig(paths.appserviceConfig);
  const plan = workersPlan(Math.max(config.synapse.workers, 1));
  const binDir = findWorkerPrograms();
  ensureSynapseVenv(say);
  await ensureCluster(plan.postgres, binDir, say);
  say(`starting PostgreSQL (log: ${plan.postgres.logFile})…`);
  postgres = await startLocalPostgres(plan.postgres, binDir, say);
  await ensureSynapseDatabase(plan.postgres, binDir);
  const resuming = readPortState(plan.postgres) === "running";
  if (!resuming && (await synapseHasData(plan.postgres, binDir))) {
    throw new StartupError(
      `PostgreSQL (${shown(plan.postgres.dir)}) already holds Synapse's data; nothing was changed.`,
      "If npm start runs Synapse's workers on it, there is nothing to move. To move the SQLite " +
        `data again, delete ${shown(plan.postgres.dir)} first: whatever Synapse stored there is lost.`,
    );
  }

  // Both tools read a whole homeserver.yaml: npm start's on SQLite, and with workers on PostgreSQL.
  const secrets = await loadOrCreateSecrets(paths.secrets);
  const portDir = join(paths.synapseConfigDir, "port-db");
  const single = embeddedRenderInput(config, secrets, undefined);
  const onSqlite = await writeSynapseConfig(
    single,
    paths.synapseTemplates,
    join(portDir, "sqlite"),
  );
  const onPostgres = await writeSynapseConfig(
    {
      ...single,
      postgres: { host: plan.postgres.socketDir, user: SYNAPSE_DB, password: "", db: SYNAPSE_DB },
      workers: plan.topology,
    },
    paths.synapseTemplates,
    portDir,
  );
  say("finishing Synapse's pending background updates on SQLite (update_synapse_database)…");
  const updated = await runTool("update_synapse_database", [
    "--database-config",
    onSqlite["homeserver.yaml"],
    "--run-background-updates",
  ]);
  if (updated !== 0) {
    throw new StartupError(
      `update_synapse_database failed (exit code ${updated}); nothing was moved.`,
      `Read its output above, fix the cause and run \`${MIGRATE_COMMAND}\` again.`,
    );
  }
  writePortState(plan.postgres, "running");
  say(
    `${resuming ? "carrying on with" : "starting"} the move of ${shown(sqlite)} into PostgreSQL ` +
      "with Synapse's synapse_port_db; its progress follows (a large database takes a while)…",
  );
  const code = await runTool("synapse_port_db", [
    "--sqlite-database",
    sqlite,
    "--postgres-config",
    onPostgres["homeserver.yaml"],
  ]);
  port = undefined;
  if (code !== 0) {
    throw new StartupError(
      `synapse_port_db failed (exit code ${code}); ${shown(sqlite)} is unchanged.`,
      `Read its output above, fix the cause and run \`${MIGRATE_COMMAND}\` again: it carries on where it stopped.`,
    );
  }
  await psql(plan.postgres, binDir, SYNAPSE_DB, alignSequencesSql());
  writePortState(plan.postgres, "done");
  await postgres.stop();
  postgres = undefined;
  const next =
    config.synapse.workers > 0
      ? `run npm start (synapse.workers is ${config.synapse.workers}).`
      : `set synapse.workers (1-32) in ${shown(paths.appserviceConfig)}, then run npm start.`;
  console.log(`
Synapse's data is now in PostgreSQL (${shown(plan.postgres.dir)}). Next: ${next}
${shown(sqlite)} is kept as it was, as a backup: delete it once the workers run well
(with synapse.workers back at 0, Synapse would use that old copy again).`);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    say("stopping; run the command again to carry on.");
    void cleanUp().then(() => process.exit(130));
  });
}

main()
  .then(() => releaseLock?.())
  .catch(async (error: unknown) => {
    await cleanUp();
    if (error instanceof StartupError) {
      console.error(
        `staffroom: ${error.message}\n  → ${error.hint}${error.logPath ? `\n  log: ${error.logPath}` : ""}`,
      );
    } else if (error instanceof ConfigError) {
      console.error(`staffroom: ${paths.appserviceConfig} is invalid.\n${error.message}`);
    } else {
      console.error("staffroom: migrate-synapse-db failed:", error);
    }
    process.exit(1);
  });
