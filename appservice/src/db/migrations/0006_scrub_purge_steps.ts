import type { Knex } from "knex";

// Scrub purges in steps (live-chat latency): each room's remaining intermediate purge
// boundaries, so a restarted run carries on at the next step. JSON list in a text column, like
// `media`; existing rows get "[]" (one purge up to the boundary, as before).

/** Adds scrub_run_rooms.purge_steps. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable("scrub_run_rooms", (table) => {
    table.text("purge_steps").notNullable().defaultTo("[]");
  });
}

/** Drops the column (development only). */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable("scrub_run_rooms", (table) => {
    table.dropColumn("purge_steps");
  });
}
