/** Reads a benchmark's throwaway Synapse database directly (what clients cannot see). */
import type { Knex } from "knex";

/**
 * `m.room.message` rows still in Synapse's `events` table for `rooms`, and how many of them are
 * older than `cutoffTs`. Synapse hides expired events from clients before its retention job has
 * deleted them, so only the database tells when a purge is really done.
 */
export async function storedMessages(
  synapseDb: Knex,
  rooms: readonly string[],
  cutoffTs: number,
): Promise<{ total: number; old: number; mostOldInARoom: number }> {
  const rows = (await synapseDb("events")
    .whereIn("room_id", rooms)
    .andWhere({ type: "m.room.message" })
    .groupBy("room_id")
    .select(
      "room_id",
      synapseDb.raw("count(*) as total"),
      synapseDb.raw("sum(case when origin_server_ts < ? then 1 else 0 end) as old", [cutoffTs]),
    )) as { total: number | string; old: number | string | null }[];
  const olds = rows.map((r) => Number(r.old ?? 0));
  return {
    total: rows.reduce((sum, r) => sum + Number(r.total), 0),
    old: olds.reduce((sum, n) => sum + n, 0),
    mostOldInARoom: Math.max(0, ...olds),
  };
}
