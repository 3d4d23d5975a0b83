import type { Knex } from "knex";

// Provisioning and membership sync. Schema builder only: runs on SQLite and
// PostgreSQL. Times the sync writes itself are epoch milliseconds in bigint columns, so they
// read back the same on both databases whatever the server's time zone.

/** Creates managed_rooms, managed_members, sync_runs, sync_lock; adds audit_log.run_id. */
export async function up(db: Knex): Promise<void> {
  // The rooms the appservice provisioned. The alias is the idempotency key of room creation.
  await db.schema.createTable("managed_rooms", (table) => {
    table.increments("id").primary();
    // "space" | "all_staff" | "department"
    table.string("kind", 20).notNullable();
    // Department id, or "space" / "all-staff".
    table.string("key", 255).notNullable();
    table.string("room_id", 255).notNullable().unique();
    table.string("alias", 255).notNullable().unique();
    // Epoch ms when the department left the directory; null while it is active.
    table.bigInteger("archived_at").nullable();
    table.bigInteger("updated_at").notNullable();
    table.unique(["kind", "key"], { indexName: "managed_rooms_kind_key_uq" });
  });
  // Memberships the sync itself made (joined by it, not yet removed by it). Only tells the
  // planner why someone is removed ("left the department" vs "joined by hand") and whom it may
  // deactivate; Synapse's state stays the truth for who is in a room.
  await db.schema.createTable("managed_members", (table) => {
    table.string("room_id", 255).notNullable();
    table.string("user_id", 255).notNullable();
    table.bigInteger("added_at").notNullable();
    table.primary(["room_id", "user_id"]);
    table.index(["user_id"], "managed_members_user_idx");
  });
  await db.schema.createTable("sync_runs", (table) => {
    table.string("id", 64).primary();
    // "startup" | "directory-reload" | "periodic" | "drift" | "api" | "cli" | ...
    table.string("trigger", 32).notNullable();
    table.boolean("dry_run").notNullable();
    table.bigInteger("started_at").notNullable();
    table.bigInteger("finished_at").nullable();
    // "running" | "succeeded" | "partial" | "failed" | "busy"
    table.string("status", 16).notNullable();
    table.text("summary").nullable();
    table.index(["started_at"], "sync_runs_started_idx");
  });
  // One row while a (writing) sync pass runs in any process sharing this database. Expires so
  // a killed process cannot block the next pass for long; the holder renews it while it runs.
  await db.schema.createTable("sync_lock", (table) => {
    table.string("name", 32).primary();
    table.string("holder", 64).notNullable();
    table.bigInteger("expires_at").notNullable();
  });
  await db.schema.alterTable("audit_log", (table) => {
    table.string("run_id", 64).nullable();
    table.index(["run_id"], "audit_log_run_id_idx");
  });
}

/** Reverts {@link up} (development only). */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable("audit_log", (table) => {
    table.dropIndex(["run_id"], "audit_log_run_id_idx");
    table.dropColumn("run_id");
  });
  await db.schema.dropTableIfExists("sync_lock");
  await db.schema.dropTableIfExists("sync_runs");
  await db.schema.dropTableIfExists("managed_members");
  await db.schema.dropTableIfExists("managed_rooms");
}
