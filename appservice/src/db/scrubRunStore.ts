import type { Knex } from "knex";
import type { ScrubRun, ScrubRunRoom, ScrubRunStore } from "../retention/ports.ts";
import type { RoomStep, ScrubRunStatus } from "../retention/runState.ts";
import type { ScopeRoom } from "../retention/scrubPlanner.ts";

const LEASE = "scrub";

type RunRow = {
  id: string;
  trigger: string;
  started_by: string | null;
  scrub_days: number | string;
  cutoff_ts: number | string;
  started_at: number | string;
  finished_at: number | string | null;
  status: string;
  events_purged: number | string;
  media_deleted: number | string;
  errors: string;
};

type RoomRow = {
  run_id: string;
  room_id: string;
  kind: string;
  name: string | null;
  step: string;
  boundary_event_id: string | null;
  purge_steps: string;
  events: number | string;
  messages: number | string;
  media: string;
  media_deleted: number | string;
  error: string | null;
};

// bigint columns come back as strings from PostgreSQL and numbers from SQLite.
const toRun = (row: RunRow): ScrubRun => ({
  id: row.id,
  trigger: row.trigger === "manual" ? "manual" : "schedule",
  startedBy: row.started_by,
  scrubDays: Number(row.scrub_days),
  cutoffTs: Number(row.cutoff_ts),
  startedAt: new Date(Number(row.started_at)),
  finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)),
  status: row.status as ScrubRunStatus,
  eventsPurged: Number(row.events_purged),
  mediaDeleted: Number(row.media_deleted),
  errors: JSON.parse(row.errors) as string[],
});

const toRoom = (row: RoomRow): ScrubRunRoom => ({
  runId: row.run_id,
  roomId: row.room_id,
  kind: row.kind as ScopeRoom["kind"],
  ...(row.name === null ? {} : { name: row.name }),
  step: row.step as RoomStep,
  boundaryEventId: row.boundary_event_id,
  purgeSteps: JSON.parse(row.purge_steps) as string[],
  events: Number(row.events),
  messages: Number(row.messages),
  media: JSON.parse(row.media) as string[],
  mediaDeleted: Number(row.media_deleted),
  error: row.error,
});

/**
 * `scrub_runs`, `scrub_run_rooms` and `scrub_lock` (migration 0005_scrub). The lease is one row,
 * renewed while a run works, expiring if its process dies; a holder known to be dead (see
 * retention/lease.ts) is taken over before it expires.
 */
export function makeScrubRunStore(db: Knex): ScrubRunStore {
  const newestFirst = [
    { column: "started_at", order: "desc" as const },
    { column: "id", order: "desc" as const },
  ];
  return {
    async create(run, rooms) {
      await db.transaction(async (trx) => {
        await trx("scrub_runs").insert({
          id: run.id,
          trigger: run.trigger,
          started_by: run.startedBy,
          scrub_days: run.scrubDays,
          cutoff_ts: run.cutoffTs,
          started_at: run.startedAt.getTime(),
          status: run.status,
          errors: JSON.stringify(run.errors),
        });
        if (rooms.length === 0) return;
        await trx.batchInsert(
          "scrub_run_rooms",
          rooms.map((room, position) => ({
            run_id: run.id,
            room_id: room.roomId,
            position,
            kind: room.kind,
            name: room.name?.slice(0, 255) ?? null,
            step: "pending",
          })),
          200,
        );
      });
    },
    async get(id) {
      const row = await db<RunRow>("scrub_runs").where({ id }).first();
      return row === undefined ? undefined : toRun(row);
    },
    async unfinished() {
      const rows = await db<RunRow>("scrub_runs")
        .where({ status: "running" })
        .orderBy("started_at");
      return rows.map(toRun);
    },
    async recent(limit) {
      const rows = await db<RunRow>("scrub_runs").select().orderBy(newestFirst).limit(limit);
      return rows.map(toRun);
    },
    async rooms(runId) {
      const rows = await db<RoomRow>("scrub_run_rooms")
        .where({ run_id: runId })
        .orderBy("position");
      return rows.map(toRoom);
    },
    async updateRoom(room) {
      await db("scrub_run_rooms")
        .where({ run_id: room.runId, room_id: room.roomId })
        .update({
          step: room.step,
          boundary_event_id: room.boundaryEventId,
          purge_steps: JSON.stringify(room.purgeSteps),
          events: room.events,
          messages: room.messages,
          media: JSON.stringify(room.media),
          media_deleted: room.mediaDeleted,
          error: room.error,
        });
    },
    async finish(id, result) {
      await db("scrub_runs")
        .where({ id })
        .update({
          status: result.status,
          finished_at: result.finishedAt?.getTime() ?? Date.now(),
          events_purged: result.eventsPurged,
          media_deleted: result.mediaDeleted,
          errors: JSON.stringify(result.errors),
        });
    },
    async acquireLease(holder, leaseMs, now, isGone = () => false) {
      const expiresAt = now.getTime() + leaseMs;
      // Compare-and-swap, no read-then-write race: an insert when the row is missing, else an
      // update conditioned on the row we read (another process changing it first wins).
      for (let attempt = 0; attempt < 3; attempt++) {
        const row = (await db("scrub_lock").where({ name: LEASE }).first()) as
          { holder: string; expires_at: number | string } | undefined;
        if (row === undefined) {
          const inserted = await db("scrub_lock")
            .insert({ name: LEASE, holder, expires_at: expiresAt })
            .onConflict("name")
            .ignore()
            .returning("holder");
          if (inserted.length > 0) return true;
          continue;
        }
        const free =
          row.holder === holder || Number(row.expires_at) < now.getTime() || isGone(row.holder);
        if (!free) return false;
        const swapped = await db("scrub_lock")
          .where({ name: LEASE, holder: row.holder, expires_at: row.expires_at })
          .update({ holder, expires_at: expiresAt });
        if (swapped === 1) return true;
      }
      return false;
    },
    async renewLease(holder, leaseMs, now) {
      const renewed = await db("scrub_lock")
        .where({ name: LEASE, holder })
        .update({ expires_at: now.getTime() + leaseMs });
      return renewed > 0;
    },
    async releaseLease(holder) {
      await db("scrub_lock").where({ name: LEASE, holder }).delete();
    },
  };
}
