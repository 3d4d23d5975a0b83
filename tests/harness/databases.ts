/**
 * Runs the same store tests on every database Staffroom supports: SQLite (a temp file) and
 * PostgreSQL (a throwaway cluster, see postgres.ts). Each suite gets a fresh database migrated
 * to the latest schema with the appservice's own `createKnex` + `migrateToLatest`; the cluster
 * is started once per test file and stopped after its last suite.
 *
 * How to test a store on both (for everyone adding a `*Store.ts`):
 *
 * ```ts
 * import { forEachDatabase } from "../harness/databases.ts";
 *
 * forEachDatabase("managedRoomStore", (getDb) => {
 *   it("round-trips a room", async () => {
 *     const store = makeManagedRoomStore(getDb());
 *     …
 *   });
 * });
 * ```
 *
 * The suites are named `managedRoomStore [SQLite]` and `managedRoomStore [PostgreSQL]`. Tests
 * in a suite share its database: use distinct keys per test, or clean up. Pass
 * `{ migrate: false }` for an empty database (migration tests). Things that differ between the
 * two and that a store must smooth over (these tests catch them): SQLite returns JSON columns
 * as text and PostgreSQL as parsed values; SQLite returns timestamps as text (or numbers when a
 * JS Date was inserted) and PostgreSQL as Date; PostgreSQL returns bigint counts as strings;
 * booleans are 0/1 in SQLite.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Knex } from "knex";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import type { DatabaseConfig } from "../../appservice/src/config/schema.ts";
import { createKnex } from "../../appservice/src/db/knexFactory.ts";
import { migrateToLatest } from "../../appservice/src/db/migrate.ts";
import { startTestPostgres, type TestPostgres } from "./postgres.ts";

/** Which database a suite runs on (for the rare assertion that must differ). */
export type DatabaseKind = "sqlite" | "postgres";

/** Options of {@link forEachDatabase}. */
export type ForEachDatabaseOptions = {
  /** Migrate to the latest schema before the tests (default true). */
  migrate?: boolean;
};

const LABELS: Record<DatabaseKind, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

// One cluster per test file (vitest loads this module once per file): started by the first
// PostgreSQL suite, stopped when every registered suite has finished.
let cluster: Promise<TestPostgres> | undefined;
let registeredSuites = 0;
let finishedSuites = 0;
let databaseCounter = 0;

/**
 * Declares `body`'s tests twice: once on SQLite and once on PostgreSQL.
 * @param body registers tests; `getDb()` is the suite's database (valid inside tests/hooks) and
 *   `getConfig()` the `database` config section that opens it (for a second connection, or
 *   an appservice started on it)
 */
export function forEachDatabase(
  name: string,
  body: (getDb: () => Knex, kind: DatabaseKind, getConfig: () => DatabaseConfig) => void,
  options: ForEachDatabaseOptions = {},
): void {
  for (const kind of ["sqlite", "postgres"] as const) {
    describe(`${name} [${LABELS[kind]}]`, () => {
      let db: Knex | undefined;
      let config: DatabaseConfig | undefined;
      let release: (() => Promise<void>) | undefined;
      if (kind === "postgres") registeredSuites += 1;
      beforeAll(async () => {
        const opened = kind === "sqlite" ? await openSqlite() : await openPostgres(name);
        db = opened.db;
        config = opened.config;
        release = opened.release;
        if (options.migrate ?? true) await migrateToLatest(db);
      }, 120_000);
      afterEach(async (context) => {
        if (kind !== "postgres" || context.task.result?.state !== "fail" || !cluster) return;
        const pg = await cluster;
        console.error(`--- PostgreSQL log (${name}) ---\n${pg.logTail(40)}`);
      });
      afterAll(async () => {
        await release?.();
        db = undefined;
        if (kind === "postgres") {
          finishedSuites += 1;
          if (finishedSuites === registeredSuites) await stopCluster();
        }
      }, 60_000);
      const notOpen = () => new Error(`${name} [${LABELS[kind]}]: database not open yet`);
      body(
        () => {
          if (db === undefined) throw notOpen();
          return db;
        },
        kind,
        () => {
          if (config === undefined) throw notOpen();
          return config;
        },
      );
    });
  }
}

type Opened = { db: Knex; config: DatabaseConfig; release: () => Promise<void> };

async function openSqlite(): Promise<Opened> {
  const dir = await mkdtemp(path.join(tmpdir(), "staffroom-sqlite-"));
  const config: DatabaseConfig = { client: "sqlite3", filename: path.join(dir, "staffroom.db") };
  const db = createKnex(config);
  return {
    db,
    config,
    release: async () => {
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(name: string): Promise<Opened> {
  cluster ??= startTestPostgres();
  const pg = await cluster;
  databaseCounter += 1;
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .slice(0, 40);
  const connection = await pg.createDatabase(`t${databaseCounter}_${slug}`);
  const config: DatabaseConfig = { client: "pg", connection };
  const db = createKnex(config);
  return { db, config, release: () => db.destroy() };
}

async function stopCluster(): Promise<void> {
  const running = cluster;
  cluster = undefined;
  registeredSuites = 0;
  finishedSuites = 0;
  if (running) await (await running).stop();
}
