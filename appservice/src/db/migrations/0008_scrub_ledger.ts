import type { Knex } from "knex";

// The scrub's event ledger (performance): what a scrub needs to know of every event
// in the rooms it may purge, recorded as Synapse delivers the events to the appservice, so a run
// plans from its own database instead of reading each room's history back through Synapse.
// No message content is kept: IDs, type, whether it is state, timestamp and the mxc:// URIs.

/** Creates scrub_ledger and scrub_ledger_rooms. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("scrub_ledger", (table) => {
    table.increments("seq").primary();
    table.string("room_id", 255).notNullable();
    table.string("event_id", 255).notNullable().unique();
    // 0: read from the room's history through Synapse (before the first live event of the
    // room); 1: delivered live in a transaction. A room's events are in (phase, seq) order.
    table.smallint("phase").notNullable();
    table.string("type", 255).notNullable();
    table.boolean("is_state").notNullable();
    table.bigInteger("ts").notNullable();
    // JSON list of mxc:// URIs, null when none.
    table.text("media").nullable();
    table.index(["room_id", "phase", "seq"], "scrub_ledger_room_order_idx");
  });
  // A room whose whole stored history is in the ledger: its m.room.create arrived live, or its
  // earlier history was read once through Synapse.
  await db.schema.createTable("scrub_ledger_rooms", (table) => {
    table.string("room_id", 255).primary();
    table.bigInteger("complete_since").notNullable();
  });
}

/** Drops the ledger (development only). */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists("scrub_ledger_rooms");
  await db.schema.dropTableIfExists("scrub_ledger");
}
