import type { Knex } from "knex";
import type { SyncRunRecord, SyncRunStatus, SyncRunStorePort } from "../provisioning/ports.ts";

const LOCK_NAME = "membership-sync";

type RunRow = {
  id: string;
  trigger: string;
  dry_run: boolean | number;
  started_at: number | string;
  finished_at: number | string | null;
  status: string;
  summary: string | null;
};

function toRun(row: RunRow): SyncRunRecord {
  return {
    id: row.id,
    trigger: row.trigger,
    dryRun: Boolean(row.dry_run),
    startedAt: new Date(Number(row.started_at)),
    finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)),
    status: row.status as SyncRunStatus,
    summary: row.summary === null ? null : (JSON.parse(row.summary) as Record<string, unknown>),
  };
}

/**
 * `sync_runs`, `sync_lock` and the sync's rows in `audit_log` (migration 0002_provisioning).
 *
 * The lock is a single row with a lease: a writing pass takes it, renews it while it runs and
 * deletes it at the end. A process killed mid-pass leaves a row that expires after the lease,
 * so the next pass (in this or another process, e.g. `staffroom sync`) can start soon after.
 */
export function makeSyncRunStore(db: Knex): SyncRunStorePort {
  return {
    async start(run) {
      await db("sync_runs").insert({
        id: run.id,
        trigger: run.trigger,
        dry_run: run.dryRun,
        started_at: run.startedAt.getTime(),
        status: "running",
      });
    },
    async finish(id, result) {
      await db("sync_runs")
        .where({ id })
        .update({
          status: result.status,
          finished_at: result.finishedAt.getTime(),
          summary: JSON.stringify(result.summary),
        });
    },
    async recent(limit) {
      const rows = await db<RunRow>("sync_runs")
        .select()
        .orderBy([
          { column: "started_at", order: "desc" },
          { column: "id", order: "desc" },
        ])
        .limit(limit);
      return rows.map(toRun);
    },
    async audit(entry) {
      await db("audit_log").insert({
        actor: "staffroom",
        action: entry.action,
        target: entry.target ?? null,
        run_id: entry.runId,
        details: JSON.stringify(entry.details),
      });
    },
    async acquireLock(holder, leaseMs, now) {
      return db.transaction(async (trx) => {
        await trx("sync_lock")
          .where({ name: LOCK_NAME })
          .andWhere("expires_at", "<", now.getTime())
          .delete();
        const inserted = await trx("sync_lock")
          .insert({ name: LOCK_NAME, holder, expires_at: now.getTime() + leaseMs })
          .onConflict("name")
          .ignore()
          .returning("holder");
        if (inserted.length > 0) return true;
        const row = (await trx("sync_lock").where({ name: LOCK_NAME }).first()) as
          { holder: string } | undefined;
        return row?.holder === holder;
      });
    },
    async renewLock(holder, leaseMs, now) {
      await db("sync_lock")
        .where({ name: LOCK_NAME, holder })
        .update({ expires_at: now.getTime() + leaseMs });
    },
    async releaseLock(holder) {
      await db("sync_lock").where({ name: LOCK_NAME, holder }).delete();
    },
  };
}
