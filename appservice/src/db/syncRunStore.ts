import type { Knex } from "knex";
import { parseHolder } from "../locks/lockDecision.ts";
import type { SyncRunRecord, SyncRunStatus, SyncRunStorePort } from "../provisioning/ports.ts";

type RunRow = {
  id: string;
  trigger: string;
  dry_run: boolean | number;
  started_at: number | string;
  finished_at: number | string | null;
  status: string;
  summary: string | null;
  holder: string | null;
  reason: string | null;
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
    reason: row.reason ?? null,
  };
}

/**
 * `sync_runs` and the sync's rows in `audit_log` (migrations 0002_provisioning, 0011). The lock
 * of writing passes is a run lock (locks/runLock.ts), not part of this store.
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
        holder: run.holder,
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
    async interruptLeftOver(ownId, isGone, reason, at) {
      const running = await db<RunRow>("sync_runs")
        .where({ status: "running" })
        .whereNot({ id: ownId })
        .select("id", "dry_run", "holder");
      // Writing passes only run under the lock, which the caller holds: any other one still
      // "running" was left by a process that is gone. Dry runs are told by their holder.
      const left = running.filter((row) => {
        if (!row.dry_run) return true;
        const holder = row.holder === null ? undefined : parseHolder(row.holder);
        return holder !== undefined && isGone(holder);
      });
      if (left.length === 0) return [];
      const ids = left.map((row) => row.id);
      await db("sync_runs")
        .whereIn("id", ids)
        .andWhere({ status: "running" })
        .update({ status: "interrupted", finished_at: at.getTime(), reason });
      return ids;
    },
  };
}
