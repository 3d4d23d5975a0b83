/**
 * The restart counts `npm start`'s supervisor shares with the appservice (its `/health` shows
 * them): a small JSON file, rewritten atomically (temp file + rename) so a reader never sees half
 * of it. The appservice finds it through STAFFROOM_RESTARTS_FILE (docs/contracts.md).
 */
import { renameSync, writeFileSync } from "node:fs";

/**
 * Restarts per child since `npm start` began. With Synapse's workers, `synapse` counts all of
 * its processes (PostgreSQL and redis-server included) and `synapse_processes` has each one.
 */
export type RestartCounts = {
  appservice: number;
  synapse: number;
  livekit: number;
  synapse_processes?: Record<string, number>;
};

/** The environment variable naming the file for the appservice. */
export const RESTARTS_FILE_ENV = "STAFFROOM_RESTARTS_FILE";

/** Writes `counts` to `file` atomically. */
export function writeRestartCounts(file: string, counts: RestartCounts): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(counts)}\n`);
  renameSync(temp, file);
}
