import { randomUUID } from "node:crypto";
import type { ProvisioningConfig } from "../config/schema.ts";
import type { Org } from "../directory/org.ts";
import {
  formatHolder,
  holderIsGone,
  processExists as kernelProcessExists,
} from "../locks/lockDecision.ts";
import type { RunLock } from "../locks/runLock.ts";
import type { Logger } from "../observability/logger.ts";
import { executeActions, forEachLimited, type ActionOutcome } from "./actionExecutor.ts";
import { describeAction, type ActionView } from "./describeAction.ts";
import { planSync, type RoomObservation } from "./membershipPlanner.ts";
import type { Action } from "./model.ts";
import { planStaffList, staffListAlias, staffOf } from "./staffList.ts";
import type {
  ManagedRoomStorePort,
  RoomGateway,
  SyncRunStatus,
  SyncRunStorePort,
} from "./ports.ts";

/** Settings of a pass (the `provisioning` config slice plus identity). */
export type SyncSettings = {
  serverName: string;
  botUserId: string;
  concurrency: number;
  encryptRooms: boolean;
  deactivateDeparted: boolean;
};

/** {@link SyncSettings} from the `provisioning` config slice. */
export function syncSettings(
  config: ProvisioningConfig,
  serverName: string,
  botUserId: string,
): SyncSettings {
  return {
    serverName,
    botUserId,
    concurrency: config.concurrency,
    encryptRooms: config.encrypt_rooms,
    deactivateDeparted: config.deactivate_departed,
  };
}

/** A gateway for one pass and the requests it made (what the summary reports). */
export type PassGateway = { gateway: RoomGateway; counts(): { reads: number; writes: number } };

/** What a pass needs. */
export type SyncPassDeps = {
  /** A fresh counting gateway per pass, so concurrent traffic does not blur the counts. */
  openGateway(): PassGateway;
  rooms: ManagedRoomStorePort;
  runs: SyncRunStorePort;
  getOrg(): Org;
  log: Logger;
  settings: SyncSettings;
  /** The sync's run lock, held by writing passes (`makeRunLock(table, SYNC_LOCK)`). */
  lock: RunLock;
  /** Whether a process ID exists on this machine (default: ask the kernel). */
  processExists?: (pid: number) => boolean;
};

/** `sync_runs.reason` of a run whose process stopped before it finished. */
export const INTERRUPTED_REASON = "the appservice stopped during this run";

/** Totals of a pass, stored in `sync_runs.summary` and returned by the API. */
export type SyncSummary = {
  status: SyncRunStatus;
  actions: number;
  applied: number;
  failed: number;
  by_type: Record<string, number>;
  rooms_observed: number;
  requests: { reads: number; writes: number };
  duration_ms: number;
  error?: string;
};

/** A finished pass. */
export type SyncResult = {
  runId: string;
  trigger: string;
  dryRun: boolean;
  actions: Action[];
  views: ActionView[];
  outcomes: ActionOutcome[];
  summary: SyncSummary;
  finishedAt: Date;
};

/** Makes a run id, e.g. `sync-lq3k9x-1f2e3d4c`. */
export const newRunId = (): string => `sync-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;

/**
 * One membership-sync pass: observe every managed room (one request each) and the staff list
 * (two) → plan → execute, or only plan when `dryRun`. Writing passes hold the sync's run lock
 * so a CLI run and a running appservice never write at once; when another live holder has it,
 * the pass records `busy` and does nothing. Once it holds the lock, runs left "running" by a
 * process that is gone are marked `interrupted`. Never throws for Synapse or plan failures: they end up in the summary (status
 * `failed`) and the log.
 */
export async function runSyncPass(
  deps: SyncPassDeps,
  request: { trigger: string; dryRun: boolean },
): Promise<SyncResult> {
  const { settings, rooms, runs } = deps;
  const runId = newRunId();
  const log = deps.log.with({ run: runId });
  const startedAt = new Date();
  const { lock } = deps;
  await runs.start({
    id: runId,
    trigger: request.trigger,
    dryRun: request.dryRun,
    startedAt,
    holder: formatHolder(lock.self),
  });
  const { gateway, counts } = deps.openGateway();
  let actions: Action[] = [];
  let outcomes: ActionOutcome[] = [];
  let observedCount = 0;
  let status: SyncRunStatus = "succeeded";
  let error: string | undefined;
  let locked = false;
  try {
    if (!request.dryRun) {
      locked = await lock.acquire();
      if (!locked) {
        status = "busy";
        log.info("another sync pass holds the lock; skipping");
      } else {
        const exists = deps.processExists ?? kernelProcessExists;
        const gone = (holder: Parameters<typeof holderIsGone>[0]) =>
          holderIsGone(holder, lock.self, exists);
        const left = await runs.interruptLeftOver(runId, gone, INTERRUPTED_REASON, new Date());
        if (left.length > 0) log.warn("marked sync runs interrupted", { runs: left.join(",") });
      }
    }
    if (status !== "busy") {
      const known = await rooms.list();
      const observations: RoomObservation[] = [];
      await forEachLimited(known, settings.concurrency, async (room) => {
        observations.push({ room, state: await gateway.observeRoom(room.roomId) });
      });
      observedCount = observations.length;
      // Plan in store order whatever order the observations finished in.
      const order = new Map(known.map((room, i) => [room.roomId, i]));
      observations.sort(
        (a, b) => (order.get(a.room.roomId) ?? 0) - (order.get(b.room.roomId) ?? 0),
      );
      const org = deps.getOrg();
      const staffListAt = staffListAlias(settings.serverName);
      const staffList = await gateway.observeStaffList(staffListAt);
      actions = [
        ...planStaffList(staffOf(org), staffList, staffListAt),
        ...planSync(org, observations, {
          serverName: settings.serverName,
          botUserId: settings.botUserId,
          deactivateDeparted: settings.deactivateDeparted,
          managedMembers: await rooms.listManagedMembers(),
        }),
      ];
      // Observing can take a while: a process that stalled past the heartbeat's staleness may
      // have lost the lock to another pass, and then must not write.
      if (!request.dryRun && !(await lock.renew())) {
        locked = false;
        throw new Error("lost the sync lock to another process before applying the plan");
      }
      if (!request.dryRun && actions.length > 0) {
        outcomes = await executeActions(runId, actions, known, {
          gateway,
          rooms,
          runs,
          log,
          encryptRooms: settings.encryptRooms,
          concurrency: settings.concurrency,
        });
        if (outcomes.some((o) => !o.ok)) status = "partial";
      }
    }
  } catch (e) {
    status = "failed";
    error = e instanceof Error ? e.message : String(e);
    log.error(`sync pass failed: ${error}`);
  } finally {
    if (locked) await lock.release().catch(() => undefined);
  }
  const finishedAt = new Date();
  const summary = summarise(actions, outcomes, {
    status,
    observedCount,
    counts: counts(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    error,
  });
  await runs.finish(runId, { status, finishedAt, summary });
  log.info(
    `sync ${request.dryRun ? "dry run" : "pass"} ${status}: ${summary.actions} actions` +
      `${request.dryRun ? " planned" : `, ${summary.applied} applied, ${summary.failed} failed`}`,
    {
      trigger: request.trigger,
      rooms: observedCount,
      reads: summary.requests.reads,
      writes: summary.requests.writes,
      ms: summary.duration_ms,
    },
  );
  return {
    runId,
    trigger: request.trigger,
    dryRun: request.dryRun,
    actions,
    views: actions.map(describeAction),
    outcomes,
    summary,
    finishedAt,
  };
}

function summarise(
  actions: readonly Action[],
  outcomes: readonly ActionOutcome[],
  facts: {
    status: SyncRunStatus;
    observedCount: number;
    counts: { reads: number; writes: number };
    durationMs: number;
    error: string | undefined;
  },
): SyncSummary {
  const byType: Record<string, number> = {};
  for (const action of actions) byType[action.type] = (byType[action.type] ?? 0) + 1;
  return {
    status: facts.status,
    actions: actions.length,
    applied: outcomes.filter((o) => o.ok).length,
    failed: outcomes.filter((o) => !o.ok).length,
    by_type: byType,
    rooms_observed: facts.observedCount,
    requests: { reads: facts.counts.reads, writes: facts.counts.writes },
    duration_ms: facts.durationMs,
    ...(facts.error === undefined ? {} : { error: facts.error }),
  };
}
