import type { Knex } from "knex";
import type { IntakeStore } from "../matrix/transactionIntake.ts";

/** IDs per `where in` query: below SQLite's bound-parameter limit with room to spare. */
const CHUNK = 500;

/**
 * The tables of migration 0009 as an {@link IntakeStore}; SQLite and PostgreSQL. Inserts
 * ignore conflicts, so recording twice (two appservices racing, a retried step) is harmless.
 */
export function makeIntakeStore(db: Knex): IntakeStore {
  return {
    async isTransactionDone(txnId) {
      const row = await db("appservice_transactions").where({ txn_id: txnId }).first("txn_id");
      return row !== undefined;
    },

    async markTransactionDone(txnId, at) {
      await db("appservice_transactions")
        .insert({ txn_id: txnId, done_at: at.getTime() })
        .onConflict("txn_id")
        .ignore();
    },

    async doneEvents(eventIds) {
      const done = new Set<string>();
      for (let i = 0; i < eventIds.length; i += CHUNK) {
        const rows = (await db("appservice_events")
          .whereIn("event_id", eventIds.slice(i, i + CHUNK))
          .select("event_id")) as { event_id: string }[];
        for (const row of rows) done.add(row.event_id);
      }
      return done;
    },

    async markEventDone(eventId, txnId, at) {
      await db("appservice_events")
        .insert({ event_id: eventId, txn_id: txnId, done_at: at.getTime() })
        .onConflict("event_id")
        .ignore();
    },

    async prune(before) {
      const cutoff = before.getTime();
      const transactions = await db("appservice_transactions").where("done_at", "<", cutoff).del();
      const events = await db("appservice_events").where("done_at", "<", cutoff).del();
      return transactions + events;
    },
  };
}
