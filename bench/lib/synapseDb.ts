/** Reads a benchmark's throwaway Synapse database directly (what clients cannot see). */
import { readFile, stat } from "node:fs/promises";
import type { Knex } from "knex";
import { seg, type BotHttp } from "../../appservice/src/matrix/botHttp.ts";
import { forEachLimited } from "../../appservice/src/provisioning/actionExecutor.ts";

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

/**
 * Rooms of `rooms` whose purge Synapse has logged as complete since byte `from` of its log. A
 * purge logs its steps in the context `purge_history-<n>-<room ID>` and its end as
 * "[purge] complete" in `purge_history-<n>`.
 */
export async function roomsPurgedSince(
  logFile: string,
  from: number,
  rooms: readonly string[],
): Promise<Set<string>> {
  const text = (await readFile(logFile)).subarray(from).toString("utf8");
  const wanted = new Set(rooms);
  const roomOf = new Map<string, string>();
  for (const match of text.matchAll(/purge_history-(\d+)-(!\S+) - /g)) {
    if (match[1] !== undefined && match[2] !== undefined) roomOf.set(match[1], match[2]);
  }
  const done = new Set<string>();
  for (const match of text.matchAll(/purge_history-(\d+) - \[purge\] complete/g)) {
    const roomId = roomOf.get(match[1] ?? "");
    if (roomId !== undefined && wanted.has(roomId)) done.add(roomId);
  }
  return done;
}

/** The log's size now: pass it to {@link roomsPurgedSince} as `from`. */
export async function logSize(logFile: string): Promise<number> {
  return (await stat(logFile)).size;
}

/**
 * Synapse's own retention job on `rooms`: sets `m.room.retention` so that its (moving) cutoff
 * starts at `cutoffTs`, waits until it has logged a completed purge in every room (it runs every
 * second in the benchmark's config), then clears the policy again before that cutoff moves into
 * newer messages. Returns how long it took from setting the policy, and what is left.
 */
export async function runSynapseJob(input: {
  http: BotHttp;
  rooms: readonly string[];
  cutoffTs: number;
  logFile: string;
  synapseDb: Knex;
}): Promise<{ ms: number; left: { total: number; old: number; mostOldInARoom: number } }> {
  const { http, rooms, cutoffTs, logFile } = input;
  const policy = (body: object) =>
    forEachLimited(rooms, 4, (roomId) =>
      http.request("PUT", `/_matrix/client/v3/rooms/${seg(roomId)}/state/m.room.retention/`, {
        body,
      }),
    );
  const logFrom = await logSize(logFile);
  await policy({ max_lifetime: Date.now() - cutoffTs });
  const t1 = Date.now();
  let purged = new Set<string>();
  while (purged.size < rooms.length && Date.now() - t1 < 60 * 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    purged = await roomsPurgedSince(logFile, logFrom, rooms);
  }
  const ms = Date.now() - t1;
  const left = await storedMessages(input.synapseDb, rooms, cutoffTs);
  await policy({});
  return { ms, left };
}
