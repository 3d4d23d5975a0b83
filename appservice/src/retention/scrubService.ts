// The scrub's front door: settings changes (publishing m.room.retention), previews, starting
// and resuming runs under the scrub's run lock (locks/runLock.ts) so two runs never overlap, in this process or any
// other sharing the database.
import { randomBytes } from "node:crypto";
import { formatHolder } from "../locks/lockDecision.ts";
import type { RunLock } from "../locks/runLock.ts";
import type { Logger } from "../observability/logger.ts";
import { retentionMaxLifetimeMs, scrubCutoff } from "./cutoff.ts";
import type { EventLedger, PurgeGateway, ScrubRun, ScrubRunStore, SettingsStore } from "./ports.ts";
import { DEFAULT_PACING, type ScrubPacing } from "./purgePacer.ts";
import { planRoom } from "./roomPlan.ts";
import { executeRun } from "./scrubRunner.ts";
import type { ScopeRoom } from "./scrubPlanner.ts";

/** The scrub is off (`scrub_days` null): nothing to preview or run. */
export class ScrubOffError extends Error {
  override name = "ScrubOffError";
}

/** Another run holds the lease. */
export class ScrubBusyError extends Error {
  override name = "ScrubBusyError";
}

/** What the preview found in one room. */
export type RoomPreview = ScopeRoom & { events: number; messages: number; files: number };

/** A preview: the cutoff and, per room in scope, what a run now would remove. */
export type ScrubPreview = { scrubDays: number; cutoffTs: number; rooms: RoomPreview[] };

/** What {@link makeScrubService} needs. */
export type ScrubServiceDeps = {
  gateway: PurgeGateway;
  /** What runs and previews plan with (filled by the transaction tap, see ledgerTap.ts). */
  ledger: EventLedger;
  runs: ScrubRunStore;
  settings: SettingsStore;
  /** The rooms in scope right now (see scrubScope). */
  scope: () => Promise<ScopeRoom[]>;
  log: Logger;
  /**
   * The scrub's run lock (`makeRunLock(table, SCRUB_LOCK)`): heartbeat while held, taken over
   * at once from a dead holder on this machine, after a stale heartbeat from another one.
   */
  lock: RunLock;
  /** How often a resume waiting for another holder looks again (default 5 s). */
  retryMs?: number;
  now?: () => Date;
  /** Scan page size, purge step size and pause (default DEFAULT_PACING). */
  pacing?: ScrubPacing;
};

/** `scrub_runs.reason` of a run resumed after its process stopped. */
export const RESUMED_REASON =
  "the appservice stopped during this run; resumed from its saved progress";

/** The scrub service. */
export interface ScrubService {
  /** Saves the setting (audited) and publishes `m.room.retention` in every room in scope. */
  setScrubDays(days: number | null, actor: string): Promise<{ old: number | null }>;
  /** Counts what a run now would remove, room by room, without changing anything. */
  preview(): Promise<ScrubPreview>;
  /**
   * Starts a run in the background and returns it as recorded; when a run left by a dead
   * process is still unfinished, resumes that one instead and returns it.
   * @throws ScrubOffError when the setting is off; ScrubBusyError when a run is going on
   */
  start(trigger: ScrubRun["trigger"], startedBy: string | null): Promise<ScrubRun>;
  /**
   * Resumes the run a previous process left unfinished (at start-up). While another live
   * process holds the lock it keeps trying every `retryMs` until the run is finished or the
   * lock is ours.
   */
  resume(): Promise<void>;
  /** Resolves when no run is going on in this process. */
  idle(): Promise<void>;
  /** Pauses the current run after its current step (it stays resumable) and waits for it. */
  stop(): Promise<void>;
}

/** Builds the service. */
export function makeScrubService(deps: ScrubServiceDeps): ScrubService {
  const { lock } = deps;
  const retryMs = deps.retryMs ?? 5_000;
  const now = deps.now ?? (() => new Date());
  const holder = formatHolder(lock.self);
  const pacing = deps.pacing ?? DEFAULT_PACING;
  let current: Promise<void> | undefined;
  let stopping = false;
  let retry: NodeJS.Timeout | undefined;

  const launch = (run: ScrubRun): void => {
    // A lock that is no longer ours (its heartbeat went stale and another process took it)
    // stops the run after its current step: the new holder carries on from the saved progress.
    // The lock also beats on its own timer: one room's purge can take a while on a big server.
    let lost = false;
    const renew = async () => {
      if (lost || (await lock.renew())) return;
      lost = true;
      deps.log.warn("lost the scrub lease; pausing the run", { run: run.id });
    };
    const work = executeRun(
      {
        gateway: deps.gateway,
        ledger: deps.ledger,
        runs: deps.runs,
        log: deps.log,
        shouldStop: () => stopping || lost,
        onProgress: renew,
        pacing,
      },
      run,
    )
      .then(() => undefined)
      .catch((error: unknown) => deps.log.error("scrub run stopped", { run: run.id, error }))
      .finally(() => lock.release())
      .catch((error: unknown) => deps.log.warn("could not release the scrub lease", { error }))
      .finally(() => {
        current = undefined;
      });
    current = work;
  };

  const takeLease = async (): Promise<boolean> =>
    !stopping && current === undefined && (await lock.acquire());

  // A run left "running" is resumed, never started afresh: its rooms' steps were saved as they
  // went, so finishing it is the only way nothing stays half-applied (purged, media kept).
  const resumeLeft = async (run: ScrubRun): Promise<void> => {
    deps.log.info("resuming an unfinished scrub run", { run: run.id });
    await deps.runs.resumedBy(run.id, holder, RESUMED_REASON);
    launch({ ...run, reason: RESUMED_REASON });
  };

  const resume = async (): Promise<void> => {
    clearTimeout(retry);
    retry = undefined;
    const [run] = await deps.runs.unfinished();
    if (run === undefined || stopping || current !== undefined) return;
    if (!(await takeLease())) {
      // Another live process has it (running this run), or a dead one on another machine
      // whose heartbeat is not stale yet: look again soon.
      retry = setTimeout(() => {
        resume().catch((error: unknown) => {
          deps.log.warn("could not resume the scrub run", { run: run.id, error });
        });
      }, retryMs);
      retry.unref();
      return;
    }
    await resumeLeft(run).catch(async (error: unknown) => {
      await lock.release();
      throw error;
    });
  };

  return {
    async setScrubDays(days, actor) {
      const old = await deps.settings.setScrubDays(days, actor);
      const lifetime = retentionMaxLifetimeMs(days);
      for (const room of await deps.scope()) {
        // The setting is saved either way; a room that refuses the state event is logged and
        // gets it on the next change.
        await deps.gateway.setRetention(room.roomId, lifetime).catch((error: unknown) => {
          deps.log.warn("could not publish m.room.retention", { room: room.roomId, error });
        });
      }
      return { old };
    },

    async preview() {
      const days = await deps.settings.getScrubDays();
      const cutoff = scrubCutoff(now(), days);
      if (days === null || cutoff === null) throw new ScrubOffError("Scrub retention is off");
      const rooms: RoomPreview[] = [];
      for (const room of await deps.scope()) {
        const scan = await planRoom(
          deps.gateway,
          deps.ledger,
          room.roomId,
          cutoff.getTime(),
          pacing,
        );
        rooms.push({
          ...room,
          events: scan.events,
          messages: scan.messages,
          files: scan.media.length,
        });
      }
      return { scrubDays: days, cutoffTs: cutoff.getTime(), rooms };
    },

    async start(trigger, startedBy) {
      const days = await deps.settings.getScrubDays();
      const at = now();
      const cutoff = scrubCutoff(at, days);
      if (days === null || cutoff === null) throw new ScrubOffError("Scrub retention is off");
      if (!(await takeLease())) throw new ScrubBusyError("A scrub run is already going on");
      try {
        // A run whose process died is finished first (it is what "Run now" asks for anyway).
        const [left] = await deps.runs.unfinished();
        if (left !== undefined) {
          await resumeLeft(left);
          return { ...left, reason: RESUMED_REASON };
        }
        const run: ScrubRun = {
          id: `scrub-${at.getTime().toString(36)}-${randomBytes(3).toString("hex")}`,
          trigger,
          startedBy,
          scrubDays: days,
          cutoffTs: cutoff.getTime(),
          startedAt: at,
          finishedAt: null,
          status: "running",
          eventsPurged: 0,
          mediaDeleted: 0,
          errors: [],
          holder,
        };
        await deps.runs.create(run, await deps.scope());
        deps.log.info("scrub run started", { run: run.id, trigger, cutoff: cutoff.toISOString() });
        launch(run);
        return run;
      } catch (error) {
        await lock.release();
        throw error;
      }
    },

    resume,

    async idle() {
      while (current !== undefined) await current;
    },

    async stop() {
      stopping = true;
      clearTimeout(retry);
      while (current !== undefined) await current;
    },
  };
}
