import type { Knex } from "knex";
import type { ScrubRun, ScrubRunRoom, ScrubRunStore } from "../retention/ports.ts";
import type { RoomStep, ScrubRunStatus } from "../retention/runState.ts";
import type { ScopeRoom } from "../retention/scrubPlanner.ts";

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
  holder?: string | null;
  reason?: string | null;
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
  holder: row.holder ?? null,
  reason: row.reason ?? null,
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
 * `scrub_runs` and `scrub_run_rooms` (migrations 0005_scrub, 0011_run_recovery). The lock that
 * keeps runs apart is a run lock (locks/runLock.ts), not part of this store.
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
          holder: run.holder ?? null,
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
    async resumedBy(id, holder, reason) {
      await db("scrub_runs").where({ id }).update({ holder, reason });
    },
  };
}
