import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliCommand } from "../command.ts";

// npm start's scripts sit beside appservice/ in the checkout (src/ and dist/ are as deep).
const RUN = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../scripts/run.mjs");

/**
 * `staffroom migrate-synapse-db`: moves npm start's Synapse data from SQLite to its local
 * PostgreSQL cluster, for `synapse.workers` ≥ 1. The work needs the checkout's venv and .data/,
 * which npm start's scripts own (scripts/migrateSynapseDb.ts): this hands over to them.
 */
export const migrateSynapseDbCommand: CliCommand = {
  options: {},
  usage: "migrate-synapse-db",
  run(_args, io) {
    if (!existsSync(RUN)) {
      io.err(
        "migrate-synapse-db: this is for an npm start install; run it in the Staffroom checkout " +
          `(${RUN} not found). A docker-compose deployment runs Synapse on PostgreSQL already.`,
      );
      return Promise.resolve(1);
    }
    const child = spawnSync(process.execPath, [RUN, "migrate-synapse-db"], {
      stdio: "inherit",
      env: io.env,
    });
    return Promise.resolve(child.status ?? 1);
  },
};
