import type { Knex } from "knex";

// What the transaction intake has processed, so that Synapse resending a transaction (after a
// timeout, or after the appservice restarted) or an event arriving again in another
// transaction never runs its side effects twice. Times are epoch milliseconds; rows older than
// the retention (7 days) are pruned by the intake.

/** Creates appservice_transactions and appservice_events. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("appservice_transactions", (table) => {
    table.string("txn_id", 255).primary();
    table.bigInteger("done_at").notNullable().index("appservice_transactions_done_at_idx");
  });
  await db.schema.createTable("appservice_events", (table) => {
    table.string("event_id", 255).primary();
    // The transaction that carried it first (for the operator reading the table).
    table.string("txn_id", 255).notNullable();
    table.bigInteger("done_at").notNullable().index("appservice_events_done_at_idx");
  });
}

/** Drops both tables (development only). */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists("appservice_events");
  await db.schema.dropTableIfExists("appservice_transactions");
}
