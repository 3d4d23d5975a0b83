import type { Knex } from "knex";
import type { SettingsStore } from "../retention/ports.ts";

const SCRUB_DAYS = "scrub_days";

/**
 * The `settings` table (migration 0001): one JSON value per key. `value` is a json column:
 * SQLite keeps it as text and PostgreSQL hands it back parsed, so reads decide by the client.
 * Every change writes an `audit_log` row (who, when, old → new) in the same transaction.
 */
export function makeSettingsStore(db: Knex): SettingsStore {
  const isPostgres = ["pg", "postgres", "postgresql"].includes(String(db.client.config.client));
  const decode = (value: unknown): unknown =>
    isPostgres || typeof value !== "string" ? value : JSON.parse(value);
  const read = async (trx: Knex): Promise<number | null> => {
    const row = (await trx("settings").where({ key: SCRUB_DAYS }).first()) as
      { value: unknown } | undefined;
    const value = row === undefined ? null : decode(row.value);
    return typeof value === "number" ? value : null;
  };
  return {
    getScrubDays: () => read(db),
    async setScrubDays(days, actor) {
      return db.transaction(async (trx) => {
        const old = await read(trx);
        await trx("settings")
          .insert({ key: SCRUB_DAYS, value: JSON.stringify(days), updated_at: new Date() })
          .onConflict("key")
          .merge();
        // The event ledger is recorded only while the scrub is on: turning it on or off empties
        // it here, in the same transaction, so no room counts as complete with a gap in it.
        if ((old === null) !== (days === null)) {
          await trx("scrub_ledger").delete();
          await trx("scrub_ledger_rooms").delete();
        }
        await trx("audit_log").insert({
          actor,
          action: "settings.update",
          target: SCRUB_DAYS,
          details: JSON.stringify({ old, new: days }),
        });
        return old;
      });
    },
  };
}
