import type { Knex } from "knex";

// Rooms staff made in another client (Element, …) that the appservice found on Synapse:
// adopted under the scrub policy, or listed for the admins because someone outside the staff
// directory is in them. Schema builder only (SQLite and PostgreSQL).

/** Creates `adopted_rooms`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("adopted_rooms", (table) => {
    table.string("room_id", 255).primary();
    // "other_direct" (a DM made in another client) or "other_room".
    table.string("kind", 20).notNullable();
    // "adopted" (under the policy unless excluded) or "outside" (has members who are not
    // staff: not adopted, listed for the admins).
    table.string("status", 20).notNullable();
    // An admin took the room out of the policy: not scrubbed, no marker, no m.room.retention.
    table.boolean("excluded").notNullable().defaultTo(false);
    // What the admin page shows: m.room.name, else "Direct chat: A · B" from the directory.
    table.string("name", 255).notNullable();
    // Set for a DM between two operators (both user IDs sorted, joined with "|", as
    // direct_rooms.pair_key): the pair rule's key.
    table.string("pair_key", 511).nullable();
    // JSON arrays of user IDs (joined or invited, the bot left out) and of those not staff.
    table.text("members").notNullable();
    table.text("outsiders").notNullable();
    table.timestamp("found_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    table.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    table.index(["pair_key"], "adopted_rooms_pair_key_idx");
  });
}

/** Drops `adopted_rooms` (development only). */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists("adopted_rooms");
}
