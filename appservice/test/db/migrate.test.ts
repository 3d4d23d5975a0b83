import type { Knex } from "knex";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKnex } from "../../src/db/knexFactory.ts";
import { migrateToLatest, migrationSource } from "../../src/db/migrate.ts";
import { MIGRATIONS } from "../../src/db/migrations/index.ts";

describe("migrations on SQLite :memory:", () => {
  let db: Knex;
  beforeEach(() => {
    db = createKnex({ client: "sqlite3", filename: ":memory:" });
  });
  afterEach(() => db.destroy());

  it("apply every migration once, then nothing on the next start", async () => {
    expect(await migrateToLatest(db)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await migrateToLatest(db)).toEqual([]);
    expect(await db.schema.hasTable("audit_log")).toBe(true);
    expect(await db.schema.hasTable("settings")).toBe(true);
  });

  it("create an audit_log that fills id and at, and round-trips JSON details", async () => {
    await migrateToLatest(db);
    await db("audit_log").insert({
      actor: "@dana:staffroom.local",
      action: "settings.update",
      target: "scrub_days",
      details: JSON.stringify({ from: null, to: 30 }),
    });
    const [row] = (await db("audit_log").select()) as Record<string, unknown>[];
    expect(row).toMatchObject({ id: 1, actor: "@dana:staffroom.local", target: "scrub_days" });
    expect(row?.["at"]).toBeTruthy();
    expect(JSON.parse(String(row?.["details"]))).toEqual({ from: null, to: 30 });
  });

  it("create settings keyed by key", async () => {
    await migrateToLatest(db);
    await db("settings").insert({ key: "scrub_days", value: JSON.stringify(30) });
    await expect(db("settings").insert({ key: "scrub_days", value: "1" })).rejects.toThrow(
      /UNIQUE|constraint/i,
    );
  });

  it("switch SQLite foreign keys on", async () => {
    const rows = (await db.raw("PRAGMA foreign_keys")) as { foreign_keys: number }[];
    expect(rows[0]?.foreign_keys).toBe(1);
  });

  it("roll back cleanly (down mirrors up)", async () => {
    await migrateToLatest(db);
    await db.migrate.rollback({ migrationSource }, true);
    expect(await db.schema.hasTable("audit_log")).toBe(false);
    expect(await db.schema.hasTable("settings")).toBe(false);
  });
});
