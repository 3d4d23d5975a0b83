import type { Knex } from "knex";
import { expect, it } from "vitest";
import { databaseSchema } from "../../appservice/src/config/schema.ts";
import { createKnex } from "../../appservice/src/db/knexFactory.ts";
import { migrateToLatest, migrationSource } from "../../appservice/src/db/migrate.ts";
import { MIGRATIONS } from "../../appservice/src/db/migrations/index.ts";
import { forEachDatabase, type DatabaseKind } from "../harness/databases.ts";

// Every migration, on SQLite and on a real PostgreSQL: up in order, idempotent on the next
// start, down mirrors up, and up again after a full rollback. New migrations are covered as
// soon as they join MIGRATIONS.

const ALL = MIGRATIONS.map((m) => m.name);
const KNEX_TABLES = ["knex_migrations", "knex_migrations_lock"];

async function tables(db: Knex, kind: DatabaseKind): Promise<string[]> {
  const names =
    kind === "sqlite"
      ? ((await db("sqlite_master")
          .where({ type: "table" })
          .andWhereNot("name", "like", "sqlite_%")
          .pluck("name")) as string[])
      : ((await db("pg_tables").where({ schemaname: "public" }).pluck("tablename")) as string[]);
  return names.sort();
}

forEachDatabase(
  "migrations",
  (getDb, kind, getConfig) => {
    it("apply every migration in order, then nothing on the next start", async () => {
      expect(await tables(getDb(), kind)).toEqual([]);
      expect(await migrateToLatest(getDb())).toEqual(ALL);
      expect(await migrateToLatest(getDb())).toEqual([]);
      const created = await tables(getDb(), kind);
      expect(created).toEqual(expect.arrayContaining(["audit_log", "settings", ...KNEX_TABLES]));
    });

    it("roll back to nothing (down mirrors up), then apply everything again", async () => {
      const before = await tables(getDb(), kind);
      await getDb().migrate.rollback({ migrationSource }, true);
      expect(await tables(getDb(), kind)).toEqual(KNEX_TABLES);
      expect(await migrateToLatest(getDb())).toEqual(ALL);
      expect(await tables(getDb(), kind)).toEqual(before);
    });

    it("open from a `database` config section as the appservice does (createKnex)", async () => {
      // The suite's database, written the way an admin writes config.yaml.
      const db = createKnex(databaseSchema.parse(getConfig()));
      try {
        expect(await migrateToLatest(db)).toEqual([]);
        expect(await db("knex_migrations").pluck("name")).toEqual(ALL);
      } finally {
        await db.destroy();
      }
    });
  },
  { migrate: false },
);
