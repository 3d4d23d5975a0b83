// One named lock between processes sharing the database (the membership sync's and the
// scrub's), held with a heartbeat. Takeover rules: lockDecision.ts. Taking it is a compare-and-
// swap on the row (an insert when there is none, else an update conditioned on the row as read),
// so of two processes trying at once exactly one wins.
import { randomBytes } from "node:crypto";
import type { Logger } from "../observability/logger.ts";
import {
  decideTakeover,
  processExists as kernelProcessExists,
  processIdentity,
  type LockHolder,
  type LockRow,
} from "./lockDecision.ts";

/** Where lock rows live (db/lockTable.ts; tests use an in-memory one). Each call is atomic. */
export interface LockTable {
  read(name: string): Promise<LockRow | undefined>;
  /** Inserts `row` when the lock has no row; false when it has one. */
  insert(row: LockRow): Promise<boolean>;
  /** Replaces the row if it still has `expected`'s owner and heartbeat; false otherwise. */
  replace(expected: LockRow, next: LockRow): Promise<boolean>;
  /** Sets the heartbeat of `owner`'s hold; false when the lock is no longer `owner`'s. */
  beat(name: string, owner: string, at: number): Promise<boolean>;
  /** Deletes the row if it is `owner`'s. */
  release(name: string, owner: string): Promise<void>;
}

/** One process's handle on a named lock. */
export interface RunLock {
  readonly name: string;
  /** Who we are as a holder. */
  readonly self: LockHolder;
  /**
   * Takes the lock when it is free, ours, or its holder is gone (lockDecision.ts), and starts
   * the heartbeat. False while someone else holds it.
   */
  acquire(): Promise<boolean>;
  /** Whether we hold it: false before acquire, after release, and once it was taken from us. */
  held(): boolean;
  /** Writes a heartbeat now (the timer does too); false when the lock is not ours (any more). */
  renew(): Promise<boolean>;
  /** Stops the heartbeat and deletes our row. */
  release(): Promise<void>;
  /** The row as it is now (who holds it, last heartbeat). */
  current(): Promise<LockRow | undefined>;
}

/** Options of {@link makeRunLock}. */
export type RunLockOptions = {
  /** Who we are (default: this process, processIdentity()). */
  self?: LockHolder;
  /** Heartbeat interval (default 5 s). */
  heartbeatMs?: number;
  /** A heartbeat older than this is a dead holder's (default three heartbeats). */
  staleMs?: number;
  now?: () => number;
  processExists?: (pid: number) => boolean;
  log?: Logger;
};

/** Default heartbeat interval of run locks. */
export const HEARTBEAT_MS = 5_000;

/** A handle on the lock `name` in `table`. */
export function makeRunLock(table: LockTable, name: string, options: RunLockOptions = {}): RunLock {
  const self = options.self ?? processIdentity();
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const staleMs = options.staleMs ?? 3 * heartbeatMs;
  const now = options.now ?? Date.now;
  const exists = options.processExists ?? kernelProcessExists;
  let owner: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  const stopBeating = () => {
    clearInterval(timer);
    timer = undefined;
  };

  const renew = async (): Promise<boolean> => {
    const mine = owner;
    if (mine === undefined) return false;
    if (await table.beat(name, mine, now())) return true;
    if (owner === mine) {
      owner = undefined;
      stopBeating();
      options.log?.warn("lost the lock to another process", { lock: name });
    }
    return false;
  };

  const startBeating = () => {
    stopBeating();
    timer = setInterval(() => {
      renew().catch((error: unknown) => {
        options.log?.warn("could not renew the lock", { lock: name, error });
      });
    }, heartbeatMs);
    timer.unref();
  };

  return {
    name,
    self,
    async acquire() {
      for (let attempt = 0; attempt < 3; attempt++) {
        const row = await table.read(name);
        const at = now();
        const decision = decideTakeover(row, {
          self,
          ownOwner: owner,
          now: at,
          staleMs,
          processExists: exists,
        });
        if (!decision.take) return false;
        if (decision.reason === "ours") return renew();
        const next: LockRow = {
          ...self,
          name,
          owner: `${self.instance}.${randomBytes(4).toString("hex")}`,
          heartbeatAt: at,
        };
        const won = row === undefined ? await table.insert(next) : await table.replace(row, next);
        if (!won) continue;
        if (row !== undefined) {
          options.log?.info("took over the lock", {
            lock: name,
            reason: decision.reason,
            from: `${row.host}/${row.pid}`,
          });
        }
        owner = next.owner;
        startBeating();
        return true;
      }
      return false;
    },
    held: () => owner !== undefined,
    renew,
    async release() {
      const mine = owner;
      owner = undefined;
      stopBeating();
      if (mine !== undefined) await table.release(name, mine);
    },
    current: () => table.read(name),
  };
}

/** The membership sync's lock: writing passes, in the appservice or `staffroom sync`. */
export const SYNC_LOCK = "membership-sync";
/** The scrub's lock: one run at a time, in any process on the database. */
export const SCRUB_LOCK = "scrub";
