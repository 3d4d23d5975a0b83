import type { Knex } from "knex";
import { MIGRATIONS, type Migration } from "./migrations/index.ts";

type Entry = (typeof MIGRATIONS)[number];

/**
 * The migrations as a knex `migrationSource`: an explicit list, no directory scan, so the same
 * code runs from TypeScript (tsx, vitest) and from compiled JS in dist/.
 */
export const migrationSource: Knex.MigrationSource<Entry> = {
  getMigrations: () => Promise.resolve([...MIGRATIONS]),
  getMigrationName: (entry) => entry.name,
  getMigration: (entry): Promise<Migration> => Promise.resolve(entry.migration),
};

/**
 * Brings the schema up to date. Safe to call on every start: applied migrations are skipped.
 * @returns names of the migrations applied by this call (empty when already current)
 */
export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}
