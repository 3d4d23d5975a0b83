import { desiredRooms } from "./desiredRooms.ts";
import { roomKeyOf } from "./model.ts";
import type { SyncRunRecord } from "./ports.ts";
import { runSyncPass, type SyncPassDeps, type SyncResult } from "./syncPass.ts";

/** Scheduling options of {@link makeSyncService}. */
export type SyncSchedule = {
  /** Periodic pass (config `provisioning.interval_minutes`); 0 disables it. */
  intervalMinutes: number;
  /** Wait this long after a trigger (drift, reload) so a burst of events makes one pass. */
  debounceMs?: number;
  /** First retry delay after a failed or busy pass; doubles up to the interval. */
  retryMs?: number;
};

/** `/health`'s view of the last sync pass. */
export type SyncHealth = {
  last_run: string | null;
  status: string;
  run_id?: string;
  error?: string;
};

/** The running membership sync. */
export interface SyncService {
  /** Runs a pass now (after any pass in progress: passes never overlap in one process). */
  run(request: { trigger: string; dryRun: boolean }): Promise<SyncResult>;
  /** Asks for a writing pass soon (debounced); drift, directory reloads and the timer use it. */
  request(trigger: string): void;
  /** The start-up pass and the periodic timer. */
  start(): void;
  /** Stops timers and waits for the pass in progress. */
  stop(): Promise<void>;
  /** Resolves when no pass is running or scheduled to run soon. */
  idle(): Promise<void>;
  health(): SyncHealth;
  /** The last recorded passes, newest first (`sync_runs`, any process). */
  recent(limit: number): Promise<SyncRunRecord[]>;
  /**
   * Who should be in a managed room after the last pass (undefined: not a managed room). Lets the
   * drift handler tell a hand-made change from the sync's own joins.
   */
  expectedMembers(roomId: string): ReadonlySet<string> | undefined;
}

/**
 * Serialises and schedules passes: start-up, periodic, on directory reload and on drift
 * (debounced). A failed pass (e.g. Synapse unreachable) or one that found the lock busy is
 * retried with back-off; the appservice stays up either way and `/health` shows the outcome.
 */
export function makeSyncService(deps: SyncPassDeps, schedule: SyncSchedule): SyncService {
  const debounceMs = schedule.debounceMs ?? 2_000;
  const intervalMs = schedule.intervalMinutes * 60_000;
  const retryBaseMs = schedule.retryMs ?? 30_000;
  let queue: Promise<unknown> = Promise.resolve();
  let pending: { timer: NodeJS.Timeout; trigger: string } | undefined;
  let periodic: NodeJS.Timeout | undefined;
  let inFlight = 0;
  let retries = 0;
  let stopped = false;
  let last: SyncResult | undefined;
  let expected = new Map<string, ReadonlySet<string>>();

  const refreshExpected = async (): Promise<void> => {
    const org = deps.getOrg();
    const wanted = new Map(
      desiredRooms(org, deps.settings.serverName, deps.settings.botUserId).map((room) => [
        roomKeyOf(room.ref),
        new Set(room.members),
      ]),
    );
    const next = new Map<string, ReadonlySet<string>>();
    for (const room of await deps.rooms.list()) {
      next.set(room.roomId, wanted.get(roomKeyOf(room)) ?? new Set());
    }
    expected = next;
  };

  const run = (request: { trigger: string; dryRun: boolean }): Promise<SyncResult> => {
    inFlight++;
    const result = queue.then(async () => {
      // Before too: joins of people the reloaded directory just added are not drift.
      if (!request.dryRun) await refreshExpected().catch(() => undefined);
      const outcome = await runSyncPass(deps, request);
      if (!request.dryRun) {
        last = outcome;
        await refreshExpected().catch(() => undefined);
        scheduleRetry(outcome);
      }
      return outcome;
    });
    queue = result.catch(() => undefined).finally(() => inFlight--);
    return result;
  };

  function scheduleRetry(outcome: SyncResult): void {
    const status = outcome.summary.status;
    if (status === "failed" || status === "busy") {
      const cap = intervalMs > 0 ? intervalMs : 10 * 60_000;
      const delay = Math.min(retryBaseMs * 2 ** retries, cap);
      retries++;
      deps.log.warn(`sync pass ${status}; retrying in ${Math.round(delay / 1000)} s`, {
        run: outcome.runId,
      });
      request(`retry-${status}`, delay);
    } else {
      retries = 0;
    }
  }

  function request(trigger: string, delayMs = debounceMs): void {
    if (stopped || pending) return;
    const timer = setTimeout(() => {
      pending = undefined;
      run({ trigger, dryRun: false }).catch((error: unknown) => {
        deps.log.error("sync pass crashed", { error });
      });
    }, delayMs);
    timer.unref();
    pending = { timer, trigger };
  }

  return {
    run,
    request: (trigger) => request(trigger),
    start() {
      request("startup", 0);
      if (intervalMs > 0) {
        periodic = setInterval(() => request("periodic", 0), intervalMs);
        periodic.unref();
      }
    },
    async stop() {
      stopped = true;
      if (pending) clearTimeout(pending.timer);
      pending = undefined;
      if (periodic) clearInterval(periodic);
      await queue;
    },
    async idle() {
      while (pending !== undefined || inFlight > 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await queue;
      }
    },
    health() {
      if (last === undefined) return { last_run: null, status: "pending" };
      return {
        last_run: last.finishedAt.toISOString(),
        status: last.summary.status,
        run_id: last.runId,
        ...(last.summary.error === undefined ? {} : { error: last.summary.error }),
      };
    },
    recent: (limit) => deps.runs.recent(limit),
    expectedMembers: (roomId) => expected.get(roomId),
  };
}
