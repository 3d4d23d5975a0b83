// The scrub's front door: settings changes (publishing m.room.retention), previews, starting
// and resuming runs under a database lease so two runs never overlap, in this process or any
// other sharing the database.
import { randomBytes } from "node:crypto";
import type { Logger } from "../observability/logger.ts";
import { retentionMaxLifetimeMs, scrubCutoff } from "./cutoff.ts";
import type { PurgeGateway, ScrubRun, ScrubRunStore, SettingsStore } from "./ports.ts";
import { executeRun, scanRoom } from "./scrubRunner.ts";
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
  runs: ScrubRunStore;
  settings: SettingsStore;
  /** The rooms in scope right now (see scrubScope). */
  scope: () => Promise<ScopeRoom[]>;
  log: Logger;
  /** Lease length; renewed after every step (default 5 min). */
  leaseMs?: number;
  now?: () => Date;
};

/** The scrub service. */
export interface ScrubService {
  /** Saves the setting (audited) and publishes `m.room.retention` in every room in scope. */
  setScrubDays(days: number | null, actor: string): Promise<{ old: number | null }>;
  /** Counts what a run now would remove, room by room, without changing anything. */
  preview(): Promise<ScrubPreview>;
  /**
   * Starts a run in the background and returns it as recorded.
   * @throws ScrubOffError when the setting is off; ScrubBusyError when a run is going on
   */
  start(trigger: ScrubRun["trigger"], startedBy: string | null): Promise<ScrubRun>;
  /** Resumes runs a previous process left unfinished (at start-up). */
  resume(): Promise<void>;
  /** Resolves when no run is going on in this process. */
  idle(): Promise<void>;
  /** Pauses the current run after its current step (it stays resumable) and waits for it. */
  stop(): Promise<void>;
}

/** Builds the service. */
export function makeScrubService(deps: ScrubServiceDeps): ScrubService {
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const now = deps.now ?? (() => new Date());
  const holder = `scrub-${process.pid}-${randomBytes(4).toString("hex")}`;
  let current: Promise<void> | undefined;
  let stopping = false;

  const launch = (run: ScrubRun): void => {
    // Also renewed on a timer: one room's purge can outlast the lease on a big server.
    const renew = setInterval(() => {
      deps.runs.renewLease(holder, leaseMs, now()).catch((error: unknown) => {
        deps.log.warn("could not renew the scrub lease", { run: run.id, error });
      });
    }, leaseMs / 3);
    renew.unref();
    const work = executeRun(
      {
        gateway: deps.gateway,
        runs: deps.runs,
        log: deps.log,
        shouldStop: () => stopping,
        onProgress: () => deps.runs.renewLease(holder, leaseMs, now()),
      },
      run,
    )
      .then(() => undefined)
      .catch((error: unknown) => deps.log.error("scrub run stopped", { run: run.id, error }))
      .finally(() => deps.runs.releaseLease(holder))
      .catch((error: unknown) => deps.log.warn("could not release the scrub lease", { error }))
      .finally(() => {
        clearInterval(renew);
        current = undefined;
      });
    current = work;
  };

  const takeLease = async (): Promise<boolean> =>
    !stopping && current === undefined && (await deps.runs.acquireLease(holder, leaseMs, now()));

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
        const scan = await scanRoom(deps.gateway, room.roomId, cutoff.getTime());
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

    async resume() {
      const [run] = await deps.runs.unfinished();
      if (run === undefined || !(await takeLease())) return;
      deps.log.info("resuming an unfinished scrub run", { run: run.id });
      launch(run);
    },

    async idle() {
      while (current !== undefined) await current;
    },

    async stop() {
      stopping = true;
      while (current !== undefined) await current;
    },
  };
}
