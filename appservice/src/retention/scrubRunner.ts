// Executes a scrub run room by room (one at a time, so live chat stays responsive), persisting
// each room's step before the next so a killed process resumes where it stopped. A room is
// planned from the event ledger (what Synapse delivered to the appservice), so a run does not
// read history back through Synapse; only a room whose ledger is not complete yet (the scrub was
// just turned on) has its history read once, in small pages. Purging holds Synapse's database
// (on SQLite, its only connection) and live messages wait behind it: the purge goes in steps,
// each followed by a pause proportional to its duration (see ScrubPacing).
import type { Logger } from "../observability/logger.ts";
import { forEachLimited } from "../provisioning/actionExecutor.ts";
import type { EventLedger, PurgeGateway, ScrubRun, ScrubRunRoom, ScrubRunStore } from "./ports.ts";
import { isRoomOpen, nextRoomStep, runStatusOf } from "./runState.ts";
import { boundaryAfterMarker, emptyScan, scanPage, type RoomScan } from "./scrubPlanner.ts";

/** How a run spares live chat. */
export type ScrubPacing = {
  /** Events read per Admin API page when a room's history is read into the ledger (a
   * 500-event page holds Synapse's SQLite database for about 0.6 s on a busy 2-core machine;
   * 100 for about a fifth of that). */
  pageSize: number;
  /** Old events removed per purge step (0: the whole old prefix in one purge). */
  stepEvents: number;
  /** After each history page and purge step, pause this many times as long as it took (0: none). */
  pauseFactor: number;
  /** Rooms worked on at once (1: one room at a time). */
  rooms: number;
};

/** The defaults (bench/scrub.ts measures them against others; docs/benchmarks.md). */
export const DEFAULT_PACING: ScrubPacing = {
  pageSize: 100,
  stepEvents: 500,
  pauseFactor: 0.5,
  rooms: 1,
};

/** Longest pause after one step, however long the step took. */
const MAX_PAUSE_MS = 10_000;

/** Ledger rows folded per read while planning (local database, no pause). */
const LEDGER_PAGE = 1000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads a room's history through Synapse's Admin API into the ledger, oldest first, until it
 * reaches the first event the ledger got live (or the end), then marks the room complete.
 * Done once per room after the scrub is turned on; repeated after a crash (known events are
 * skipped).
 */
export async function readHistoryIntoLedger(
  gateway: PurgeGateway,
  ledger: EventLedger,
  roomId: string,
  pacing: ScrubPacing = DEFAULT_PACING,
  sleep: (ms: number) => Promise<void> = realSleep,
): Promise<void> {
  let from: string | undefined;
  for (;;) {
    const started = performance.now();
    const page = await gateway.timelinePage(roomId, from, pacing.pageSize);
    const { reachedLive } = await ledger.addHistory(roomId, page.events);
    if (reachedLive || page.next === undefined) break;
    from = page.next;
    const pauseMs = pacing.pauseFactor * (performance.now() - started);
    if (pauseMs > 0) await sleep(Math.min(pauseMs, MAX_PAUSE_MS));
  }
  await ledger.markComplete(roomId);
}

/**
 * What lies before the cutoff in a room, from the ledger (its history is read into it first
 * when it is not complete). Used by both the preview and the run, so their counts agree.
 */
export async function planRoom(
  gateway: PurgeGateway,
  ledger: EventLedger,
  roomId: string,
  cutoffTs: number,
  pacing: ScrubPacing = DEFAULT_PACING,
  sleep: (ms: number) => Promise<void> = realSleep,
): Promise<RoomScan> {
  if (!(await ledger.isComplete(roomId))) {
    await readHistoryIntoLedger(gateway, ledger, roomId, pacing, sleep);
  }
  let scan = emptyScan();
  let from: string | undefined;
  for (;;) {
    const page = await ledger.page(roomId, from, LEDGER_PAGE);
    const folded = scanPage(scan, page.events, cutoffTs, pacing.stepEvents);
    scan = folded.scan;
    if (folded.done || page.next === undefined) return scan;
    from = page.next;
  }
}

/** What {@link executeRun} needs. */
export type RunnerDeps = {
  gateway: PurgeGateway;
  ledger: EventLedger;
  runs: ScrubRunStore;
  log: Logger;
  /** Checked before every step: true stops the run where it is (it stays resumable). */
  shouldStop: () => boolean;
  /** Called between steps (the service renews its lease here). */
  onProgress?: () => Promise<void>;
  /** Default {@link DEFAULT_PACING}. */
  pacing?: ScrubPacing;
  /** Waits between purge steps (a test passes a recorder). */
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Works through the open rooms of `run` and finishes it, unless stopped first (then the run
 * stays `running` and the next process resumes it).
 * @returns the finished run, or undefined when stopped before the end
 */
export async function executeRun(deps: RunnerDeps, run: ScrubRun): Promise<ScrubRun | undefined> {
  const log = deps.log.with({ run: run.id });
  const pacing = deps.pacing ?? DEFAULT_PACING;
  const sleep = deps.sleep ?? realSleep;
  const rooms = await deps.runs.rooms(run.id);
  let stopped = false;
  await forEachLimited(rooms, pacing.rooms, async (room) => {
    while (isRoomOpen(room.step)) {
      if (stopped || deps.shouldStop()) {
        stopped = true;
        return;
      }
      let pauseMs = 0;
      try {
        pauseMs = await advanceRoom(deps, room, run.cutoffTs, pacing, sleep);
      } catch (error) {
        room.step = "failed";
        room.error = (error as Error).message;
        log.warn("scrub of a room failed", { room: room.roomId, error: room.error });
      }
      await deps.runs.updateRoom(room);
      await deps.onProgress?.();
      if (pauseMs > 0) await sleep(Math.min(pauseMs, MAX_PAUSE_MS));
    }
  });
  if (stopped) {
    const open = rooms.filter((r) => isRoomOpen(r.step)).length;
    log.info("scrub run paused; a restart resumes it", { rooms_left: open });
    return undefined;
  }
  // Rooms that left the scope (a direct room's record removed, …) are not recorded any longer.
  await deps.ledger.forgetOutsideScope();
  const errors = rooms.filter((r) => r.error !== null).map((r) => `${r.roomId}: ${r.error}`);
  const purged = rooms.filter((r) => r.step === "done");
  const result = {
    status: runStatusOf(rooms.map((r) => r.step)),
    eventsPurged: purged.reduce((sum, r) => sum + r.events, 0),
    mediaDeleted: purged.reduce((sum, r) => sum + r.mediaDeleted, 0),
    errors,
    finishedAt: new Date(),
  };
  await deps.runs.finish(run.id, result);
  log.info("scrub run finished", {
    status: result.status,
    rooms: rooms.length,
    events: result.eventsPurged,
    media: result.mediaDeleted,
  });
  return { ...run, ...result };
}

/** Events read back before a fresh marker to check what arrived since the plan. */
const MARKER_CHECK_EVENTS = 50;

/** Writes the marker after a room's last old message and returns the boundary to purge up to. */
async function markerBoundary(
  gateway: PurgeGateway,
  room: ScrubRunRoom,
  scan: RoomScan,
  cutoffTs: number,
): Promise<string | undefined> {
  const marker = await gateway.writeMarker(room.roomId);
  if (scan.lastOldEventId === undefined) return marker;
  const before = await gateway.eventsBefore(room.roomId, marker, MARKER_CHECK_EVENTS);
  return boundaryAfterMarker(marker, before, scan.lastOldEventId, cutoffTs);
}

/**
 * Does one step of one room in place (pending → scanned → (purge steps) → purged → done).
 * @returns how long to pause before the next step (ms)
 */
async function advanceRoom(
  { gateway, ledger }: Pick<RunnerDeps, "gateway" | "ledger">,
  room: ScrubRunRoom,
  cutoffTs: number,
  pacing: ScrubPacing,
  sleep: (ms: number) => Promise<void>,
): Promise<number> {
  switch (room.step) {
    case "pending": {
      const scan = await planRoom(gateway, ledger, room.roomId, cutoffTs, pacing, sleep);
      room.events = scan.events;
      room.messages = scan.messages;
      room.media = scan.media;
      if (scan.events === 0) {
        // Nothing old to purge: no marker, no purge.
        room.step = "done";
        return 0;
      }
      // Everything is old: Synapse never deletes a room's newest event, so write a harmless
      // marker after it and purge up to the marker (or up to a message that arrived meanwhile).
      const boundary =
        scan.boundaryEventId ?? (await markerBoundary(gateway, room, scan, cutoffTs));
      if (boundary === undefined) {
        throw new Error(
          "too many messages arrived while the scrub wrote its marker to tell which are new; the next run tries again",
        );
      }
      room.boundaryEventId = boundary;
      room.purgeSteps = scan.steps.filter((step) => step !== boundary);
      room.step = nextRoomStep(room.step);
      return 0;
    }
    case "scanned": {
      if (room.boundaryEventId === null) throw new Error("scanned room has no boundary event");
      // The next intermediate boundary, else the boundary. Repeating a step after a crash
      // purges up to the same event again: it still exists (a purge keeps its boundary). A
      // boundary that is gone was purged by someone else (Synapse's own retention job), with
      // everything before it: nothing left to do for that step.
      const [next, ...rest] = room.purgeSteps;
      const started = performance.now();
      await gateway.purgeBefore(room.roomId, next ?? room.boundaryEventId);
      if (next === undefined) room.step = nextRoomStep(room.step);
      room.purgeSteps = rest;
      return pacing.pauseFactor * (performance.now() - started);
    }
    case "purged": {
      // Counts what is gone afterwards, so a resumed run that finds some already deleted
      // reports the same number as an uninterrupted one.
      let gone = 0;
      for (const uri of room.media) if ((await gateway.deleteMedia(uri)) === "gone") gone++;
      room.mediaDeleted = gone;
      // What was purged is no longer planned with; the boundary itself stays.
      if (room.boundaryEventId !== null) {
        await ledger.forgetBefore(room.roomId, room.boundaryEventId);
      }
      room.step = nextRoomStep(room.step);
      return 0;
    }
    case "done":
    case "failed":
      return 0;
  }
}
