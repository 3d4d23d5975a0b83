// The scrub's front door: settings changes (publishing m.room.retention), previews, starting
// and resuming runs under a database lease so two runs never overlap, in this process or any
// other sharing the database.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "../observability/logger.ts";
import { retentionMaxLifetimeMs, scrubCutoff } from "./cutoff.ts";
import type { EventLedger, PurgeGateway, ScrubRun, ScrubRunStore, SettingsStore } from "./ports.ts";
import { formatHolder, holderIsGone, processExists, type LeaseHolder } from "./lease.ts";
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
   * Lease length (default 60 s): renewed after every step and every quarter of it, so only a
   * holder dead for this long on another machine delays a resume (see lease.ts).
   */
  leaseMs?: number;
  now?: () => Date;
  /** Scan page size, purge step size and pause (default DEFAULT_PACING). */
  pacing?: ScrubPacing;
  /** Who we are as a lease holder (default: this host and process, a random instance). */
  self?: LeaseHolder;
  /** Whether a process ID exists on this machine (default: ask the kernel). */
  processExists?: (pid: number) => boolean;
};

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
   * process holds the lease it keeps trying every quarter lease until the run is finished or
   * the lease is ours.
   */
  resume(): Promise<void>;
  /** Resolves when no run is going on in this process. */
  idle(): Promise<void>;
  /** Pauses the current run after its current step (it stays resumable) and waits for it. */
  stop(): Promise<void>;
}

/** Builds the service. */
export function makeScrubService(deps: ScrubServiceDeps): ScrubService {
  const leaseMs = deps.leaseMs ?? 60_000;
  const heartbeatMs = leaseMs / 4;
  const now = deps.now ?? (() => new Date());
  const self = deps.self ?? {
    host: hostname(),
    pid: process.pid,
    instance: randomBytes(4).toString("hex"),
  };
  const holder = formatHolder(self);
  const pacing = deps.pacing ?? DEFAULT_PACING;
  const isGone = (other: string) => holderIsGone(other, self, deps.processExists ?? processExists);
  let current: Promise<void> | undefined;
  let stopping = false;
  let retry: NodeJS.Timeout | undefined;

  const launch = (run: ScrubRun): void => {
    // A lease that is no longer ours (it expired and another process took it) stops the run
    // after its current step: the new holder carries on from the saved progress.
    let lost = false;
    const renew = async () => {
      if (lost || (await deps.runs.renewLease(holder, leaseMs, now()))) return;
      lost = true;
      deps.log.warn("lost the scrub lease; pausing the run", { run: run.id });
    };
    // Also renewed on a timer: one room's purge can outlast the lease on a big server.
    const heartbeat = setInterval(() => {
      renew().catch((error: unknown) => {
        deps.log.warn("could not renew the scrub lease", { run: run.id, error });
      });
    }, heartbeatMs);
    heartbeat.unref();
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
      .finally(() => deps.runs.releaseLease(holder))
      .catch((error: unknown) => deps.log.warn("could not release the scrub lease", { error }))
      .finally(() => {
        clearInterval(heartbeat);
        current = undefined;
      });
    current = work;
  };

  const takeLease = async (): Promise<boolean> =>
    !stopping &&
    current === undefined &&
    (await deps.runs.acquireLease(holder, leaseMs, now(), isGone));

  const resume = async (): Promise<void> => {
    clearTimeout(retry);
    retry = undefined;
    const [run] = await deps.runs.unfinished();
    if (run === undefined || stopping || current !== undefined) return;
    if (!(await takeLease())) {
      // Another live process has it (running this run), or a dead one on another machine
      // whose lease has not expired yet: look again soon.
      retry = setTimeout(() => {
        resume().catch((error: unknown) => {
          deps.log.warn("could not resume the scrub run", { run: run.id, error });
        });
      }, heartbeatMs);
      retry.unref();
      return;
    }
    deps.log.info("resuming an unfinished scrub run", { run: run.id });
    launch(run);
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
          deps.log.info("resuming an unfinished scrub run", { run: left.id });
          launch(left);
          return left;
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
        };
        await deps.runs.create(run, await deps.scope());
        deps.log.info("scrub run started", { run: run.id, trigger, cutoff: cutoff.toISOString() });
        launch(run);
        return run;
      } catch (error) {
        await deps.runs.releaseLease(holder);
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
