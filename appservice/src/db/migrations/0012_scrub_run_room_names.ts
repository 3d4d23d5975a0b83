import type { Knex } from "knex";

// The name each room of a scrub run had when the run started ("Circulation", "Direct chat:
// Alice Archer · Bob Baker"), so Recent runs still reads right after a rename or once a
// department has left the directory. Null for runs recorded before this column, and for a room
// the appservice could not name. Schema builder only (SQLite and PostgreSQL).

/** Adds `scrub_run_rooms.name`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable("scrub_run_rooms", (table) => {
    table.string("name", 255).nullable();
  });
}

/** Drops `scrub_run_rooms.name` (development only). */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable("scrub_run_rooms", (table) => {
    table.dropColumn("name");
  });
}
