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
  step: string;
  boundary_event_id: string | null;
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
  step: row.step as RoomStep,
  boundaryEventId: row.boundary_event_id,
  events: Number(row.events),
  messages: Number(row.messages),
  media: JSON.parse(row.media) as string[],
  mediaDeleted: Number(row.media_deleted),
  error: row.error,
});

/**
 * `scrub_runs`, `scrub_run_rooms` and `scrub_lock` (migration 0005_scrub). The lease works like
 * provisioning's `sync_lock`: one row, renewed while a run works, expiring if its process dies.
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
    async acquireLease(holder, leaseMs, now) {
      return db.transaction(async (trx) => {
        await trx("scrub_lock")
          .where({ name: LEASE })
          .andWhere("expires_at", "<", now.getTime())
          .delete();
        const inserted = await trx("scrub_lock")
          .insert({ name: LEASE, holder, expires_at: now.getTime() + leaseMs })
          .onConflict("name")
          .ignore()
          .returning("holder");
        if (inserted.length > 0) return true;
        const row = (await trx("scrub_lock").where({ name: LEASE }).first()) as
          { holder: string } | undefined;
        return row?.holder === holder;
      });
    },
    async renewLease(holder, leaseMs, now) {
      await db("scrub_lock")
        .where({ name: LEASE, holder })
        .update({ expires_at: now.getTime() + leaseMs });
    },
    async releaseLease(holder) {
      await db("scrub_lock").where({ name: LEASE, holder }).delete();
    },
  };
}
