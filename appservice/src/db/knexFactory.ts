import { mkdirSync } from "node:fs";
import path from "node:path";
import knex, { type Knex } from "knex";
import type { DatabaseConfig } from "../config/schema.ts";

/**
 * Opens the appservice database from the `database` config slice.
 * SQLite: `useNullAsDefault` (knex's SQLite requirement), foreign keys switched on and a 10 s
 * busy timeout (another process writing the same file is waited for) for
 * every connection (SQLite leaves them off by default); the file's folder is created.
 * PostgreSQL: a small pool; the appservice is one process with modest traffic.
 * Every query in Staffroom goes through knex's builders so it runs on both.
 */
export function createKnex(config: DatabaseConfig): Knex {
  if (config.client === "pg") {
    return knex({ client: "pg", connection: config.connection, pool: { min: 0, max: 10 } });
  }
  if (config.filename !== ":memory:") mkdirSync(path.dirname(config.filename), { recursive: true });
  return knex({
    client: "sqlite3",
    connection: { filename: config.filename },
    useNullAsDefault: true,
    pool: {
      // One connection: SQLite serialises writes anyway, and `:memory:` databases are
      // per-connection, so a second one would see an empty database.
      min: 1,
      max: 1,
      afterCreate(connection: SqliteConnection, done: (error: Error | null) => void) {
        connection.run("PRAGMA foreign_keys = ON", (error) => {
          if (error) return done(error);
          // Another process on the same file (`staffroom faq import` while the appservice runs,
          // its lock heartbeat) waits up to 10 s for the write lock instead of failing at once
          // with SQLITE_BUSY.
          connection.run("PRAGMA busy_timeout = 10000", (busyError) => done(busyError));
        });
      },
    },
  });
}

type SqliteConnection = { run(sql: string, callback: (error: Error | null) => void): void };
