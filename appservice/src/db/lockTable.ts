import type { Knex } from "knex";
import type { LockRow } from "../locks/lockDecision.ts";
import {
  makeRunLock,
  SCRUB_LOCK,
  SYNC_LOCK,
  type LockTable,
  type RunLock,
} from "../locks/runLock.ts";
import type { Logger } from "../observability/logger.ts";

type Row = {
  name: string;
  host: string;
  pid: number | string;
  instance: string;
  owner: string;
  heartbeat_at: number | string;
};

// bigint columns come back as strings from PostgreSQL and numbers from SQLite.
const toLock = (row: Row): LockRow => ({
  name: row.name,
  host: row.host,
  pid: Number(row.pid),
  instance: row.instance,
  owner: row.owner,
  heartbeatAt: Number(row.heartbeat_at),
});

const toRow = (lock: LockRow) => ({
  name: lock.name,
  host: lock.host,
  pid: lock.pid,
  instance: lock.instance,
  owner: lock.owner,
  heartbeat_at: lock.heartbeatAt,
  acquired_at: lock.heartbeatAt,
});

/**
 * `run_locks` (migration 0011_run_recovery): one row per held lock. Every write is a single
 * conditional statement, so SQLite and PostgreSQL both give the compare-and-swap runLock.ts needs.
 */
export function makeLockTable(db: Knex): LockTable {
  return {
    async read(name) {
      const row = (await db("run_locks").where({ name }).first()) as Row | undefined;
      return row === undefined ? undefined : toLock(row);
    },
    async insert(lock) {
      const inserted = await db("run_locks")
        .insert(toRow(lock))
        .onConflict("name")
        .ignore()
        .returning("name");
      return inserted.length > 0;
    },
    async replace(expected, next) {
      const changed = await db("run_locks")
        .where({
          name: expected.name,
          owner: expected.owner,
          heartbeat_at: expected.heartbeatAt,
        })
        .update(toRow(next));
      return changed === 1;
    },
    async beat(name, owner, at) {
      const changed = await db("run_locks").where({ name, owner }).update({ heartbeat_at: at });
      return changed === 1;
    },
    async release(name, owner) {
      await db("run_locks").where({ name, owner }).delete();
    },
  };
}

/** This process's handles on the sync lock and the scrub lock in `db`. */
export function makeRunLocks(db: Knex, log?: Logger): { sync: RunLock; scrub: RunLock } {
  const table = makeLockTable(db);
  const options = log === undefined ? {} : { log };
  return {
    sync: makeRunLock(table, SYNC_LOCK, options),
    scrub: makeRunLock(table, SCRUB_LOCK, options),
  };
}
