import type { Knex } from "knex";

// Scrub retention. Schema builder only: runs on SQLite and PostgreSQL. Times are
// epoch milliseconds in bigint columns; lists (errors, media URIs) are JSON in text columns so
// both databases read them back the same way. The setting itself lives in `settings` (0001).

/** Creates scrub_runs, scrub_run_rooms and scrub_lock. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("scrub_runs", (table) => {
    table.string("id", 64).primary();
    // "schedule" | "manual"
    table.string("trigger", 32).notNullable();
    // Matrix user ID of the admin who pressed Run now; null for scheduled runs.
    table.string("started_by", 255).nullable();
    table.integer("scrub_days").notNullable();
    table.bigInteger("cutoff_ts").notNullable();
    table.bigInteger("started_at").notNullable();
    table.bigInteger("finished_at").nullable();
    // "running" | "succeeded" | "partial" | "failed"
    table.string("status", 16).notNullable();
    table.integer("events_purged").notNullable().defaultTo(0);
    table.integer("media_deleted").notNullable().defaultTo(0);
    table.text("errors").notNullable().defaultTo("[]");
    table.index(["started_at"], "scrub_runs_started_idx");
  });
  // Progress of one room within a run: what a restarted process resumes from.
  await db.schema.createTable("scrub_run_rooms", (table) => {
    table.string("run_id", 64).notNullable();
    table.string("room_id", 255).notNullable();
    table.integer("position").notNullable();
    // "space" | "all_staff" | "department" | "direct"
    table.string("kind", 20).notNullable();
    // "pending" | "scanned" | "purged" | "done" | "failed"
    table.string("step", 16).notNullable();
    // Purge everything topologically before this event (set when scanned).
    table.string("boundary_event_id", 255).nullable();
    table.integer("events").notNullable().defaultTo(0);
    table.integer("messages").notNullable().defaultTo(0);
    table.text("media").notNullable().defaultTo("[]");
    table.integer("media_deleted").notNullable().defaultTo(0);
    table.text("error").nullable();
    table.primary(["run_id", "room_id"]);
  });
  // One row while a run holds the lease (see sync_lock in 0002 for the same pattern).
  await db.schema.createTable("scrub_lock", (table) => {
    table.string("name", 32).primary();
    table.string("holder", 64).notNullable();
    table.bigInteger("expires_at").notNullable();
  });
}

/** Drops the scrub tables (development only). */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists("scrub_lock");
  await db.schema.dropTableIfExists("scrub_run_rooms");
  await db.schema.dropTableIfExists("scrub_runs");
}
