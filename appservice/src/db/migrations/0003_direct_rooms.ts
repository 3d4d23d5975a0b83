import type { Knex } from "knex";

// Direct rooms between operators: one row per pair. Schema builder only (SQLite and
// PostgreSQL). The unique `pair_key` is what makes "exactly one room per pair" hold even if
// two requests race past the in-process lock.

/** Creates `direct_rooms`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("direct_rooms", (table) => {
    // user_a + "|" + user_b, the two user IDs sorted (src/direct/directPair.ts).
    table.string("pair_key", 511).primary();
    table.string("user_a", 255).notNullable();
    table.string("user_b", 255).notNullable();
    // Null while the room is being created.
    table.string("room_id", 255).nullable().unique();
    // "creating" (claimed, set-up unfinished) or "ready".
    table.string("status", 20).notNullable();
    table.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    table.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    table.index(["user_a"], "direct_rooms_user_a_idx");
    table.index(["user_b"], "direct_rooms_user_b_idx");
  });
}

/** Drops `direct_rooms` (development only). */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists("direct_rooms");
}
