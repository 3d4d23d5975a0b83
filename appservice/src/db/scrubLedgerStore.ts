import type { Knex } from "knex";
import type { EventLedger, LedgerEvent, TimelinePage } from "../retention/ports.ts";
import { mediaOf, type TimelineEvent } from "../retention/scrubPlanner.ts";

type LedgerRow = {
  seq: number | string;
  event_id: string;
  phase: number | string;
  type: string;
  is_state: boolean | number;
  ts: number | string;
  media: string | null;
};

/** Phase of events read from a room's history through Synapse: before every live one. */
const HISTORY = 0;
/** Phase of events delivered live in transactions. */
const LIVE = 1;
/** Rows per INSERT (SQLite allows 999 bound values; 7 columns each). */
const CHUNK = 100;

const toRow = (roomId: string, phase: number, event: Omit<LedgerEvent, "room_id">) => ({
  room_id: roomId,
  event_id: event.event_id,
  phase,
  type: event.type,
  is_state: event.state_key !== undefined,
  ts: event.origin_server_ts,
  media: event.media.length > 0 ? JSON.stringify(event.media) : null,
});

// A cursor is "<phase>:<seq>" of the last row returned.
const cursorOf = (row: LedgerRow) => `${Number(row.phase)}:${Number(row.seq)}`;
function parseCursor(cursor: string): { phase: number; seq: number } {
  const [phase, seq] = cursor.split(":").map(Number);
  if (!Number.isInteger(phase) || !Number.isInteger(seq)) {
    throw new Error(`not a ledger cursor: "${cursor}"`);
  }
  return { phase: phase as number, seq: seq as number };
}

// Timeline order is (phase, seq): the rows after (">") or before ("<") one position.
const beyond =
  (direction: ">" | "<", phase: number, seq: number) =>
  (q: Knex.QueryBuilder): void => {
    void q.where("phase", direction, phase).orWhere((same): void => {
      void same.where({ phase }).andWhere("seq", direction, seq);
    });
  };

const toEvent = (row: LedgerRow): TimelineEvent => ({
  event_id: row.event_id,
  type: row.type,
  origin_server_ts: Number(row.ts),
  ...(row.is_state === true || row.is_state === 1 ? { state_key: "" } : {}),
  media: row.media === null ? [] : (JSON.parse(row.media) as string[]),
});

/**
 * `scrub_ledger` and `scrub_ledger_rooms` (migration 0008). Inserts ignore events already
 * recorded (Synapse resends a transaction it got no answer for), so recording is idempotent.
 */
export function makeScrubLedgerStore(db: Knex): EventLedger {
  const insert = async (trx: Knex.Transaction, rows: ReturnType<typeof toRow>[]) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx("scrub_ledger")
        .insert(rows.slice(i, i + CHUNK))
        .onConflict("event_id")
        .ignore();
    }
  };
  const markComplete = async (trx: Knex | Knex.Transaction, roomIds: string[]) => {
    if (roomIds.length === 0) return;
    await trx("scrub_ledger_rooms")
      .insert(roomIds.map((room_id) => ({ room_id, complete_since: Date.now() })))
      .onConflict("room_id")
      .ignore();
  };

  return {
    async recordLive(events) {
      if (events.length === 0) return;
      await db.transaction(async (trx) => {
        await insert(
          trx,
          events.map((event) => toRow(event.room_id, LIVE, event)),
        );
        // A room whose creation arrived live has all of its history here from the start.
        const created = events.filter((e) => e.type === "m.room.create" && e.state_key === "");
        await markComplete(
          trx,
          created.map((e) => e.room_id),
        );
      });
    },

    async isComplete(roomId) {
      const row = await db("scrub_ledger_rooms").where({ room_id: roomId }).first("room_id");
      return row !== undefined;
    },

    async addHistory(roomId, events) {
      if (events.length === 0) return { reachedLive: false };
      const ids = events.map((e) => e.event_id);
      const live = new Set(
        (
          (await db("scrub_ledger")
            .whereIn("event_id", ids)
            .andWhere({ phase: LIVE })
            .select("event_id")) as { event_id: string }[]
        ).map((r) => r.event_id),
      );
      const firstLive = events.findIndex((e) => live.has(e.event_id));
      const before = firstLive === -1 ? events : events.slice(0, firstLive);
      await db.transaction(async (trx) => {
        await insert(
          trx,
          before.map((event) =>
            toRow(roomId, HISTORY, {
              event_id: event.event_id,
              type: event.type,
              origin_server_ts: event.origin_server_ts,
              state_key: event.state_key,
              media: event.media ?? [...new Set(mediaOf(event.content ?? {}))],
            }),
          ),
        );
      });
      return { reachedLive: firstLive !== -1 };
    },

    markComplete: (roomId) => markComplete(db, [roomId]),

    async page(roomId, from, limit): Promise<TimelinePage> {
      const after = from === undefined ? undefined : parseCursor(from);
      const rows: LedgerRow[] = await db("scrub_ledger")
        .where({ room_id: roomId })
        .modify((q) => {
          if (after !== undefined) void q.andWhere(beyond(">", after.phase, after.seq));
        })
        .orderBy([
          { column: "phase", order: "asc" },
          { column: "seq", order: "asc" },
        ])
        .limit(limit)
        .select("seq", "event_id", "phase", "type", "is_state", "ts", "media");
      const last = rows.at(-1);
      return {
        events: rows.map(toEvent),
        next: rows.length === limit && last !== undefined ? cursorOf(last) : undefined,
      };
    },

    async forgetBefore(roomId, eventId) {
      const at = (await db("scrub_ledger")
        .where({ room_id: roomId, event_id: eventId })
        .first("phase", "seq")) as Pick<LedgerRow, "phase" | "seq"> | undefined;
      const room = db("scrub_ledger").where({ room_id: roomId });
      if (at === undefined) {
        await room.delete();
        return;
      }
      await room.andWhere(beyond("<", Number(at.phase), Number(at.seq))).delete();
    },

    async forgetOutsideScope() {
      const outsideScope = (table: Knex.QueryBuilder) =>
        table
          .whereNotIn("room_id", db("managed_rooms").select("room_id"))
          .whereNotIn("room_id", db("direct_rooms").whereNotNull("room_id").select("room_id"))
          .whereNotIn(
            "room_id",
            db("adopted_rooms").where({ status: "adopted", excluded: false }).select("room_id"),
          );
      await db.transaction(async (trx) => {
        await outsideScope(trx("scrub_ledger")).delete();
        await outsideScope(trx("scrub_ledger_rooms")).delete();
      });
    },
  };
}
