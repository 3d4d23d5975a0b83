// Executes a scrub run room by room (one purge at a time by default, so live chat stays
// responsive), persisting each room's step before the next so a killed process resumes where it
// stopped. A room is planned from the event ledger (what Synapse delivered to the appservice), so
// a run does not read history back through Synapse; only a room whose ledger is not complete yet
// (the scrub was just turned on) has its history read once, in small pages. The next room is
// planned while one is purged, and a step is followed by a pause only when Synapse answered
// slowly during it (purgePacer.ts, ScrubPacing).
import type { Logger } from "../observability/logger.ts";
import { forEachLimited } from "../provisioning/actionExecutor.ts";
import type { EventLedger, PurgeGateway, ScrubRun, ScrubRunRoom, ScrubRunStore } from "./ports.ts";
import { isRoomOpen, nextRoomStep, runStatusOf } from "./runState.ts";
import {
  DEFAULT_PACING,
  eventsInStep,
  makePurgeRate,
  makeSlots,
  MAX_PAUSE_MS,
  median,
  wasSlow,
  type ScrubPacing,
} from "./purgePacer.ts";
import { planRoom, readHistoryIntoLedger, realSleep } from "./roomPlan.ts";
import { boundaryAfterMarker, type RoomScan } from "./scrubPlanner.ts";

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

/** One run's pacing state (see purgePacer.ts). */
type RunPacer = {
  pacing: ScrubPacing;
  sleep: (ms: number) => Promise<void>;
  /** Runs a history read or purge step in one of the `pacing.rooms` slots. */
  inSlot: ReturnType<typeof makeSlots>;
  rate: ReturnType<typeof makePurgeRate>;
  /** Synapse's answer time before the run (undefined: unknown, every step counts as slow). */
  baselineMs: number | undefined;
  steps: number;
  slowSteps: number;
};

/** Answers measured for the baseline before a run. */
const BASELINE_ANSWERS = 5;

/** Synapse's median answer time before the run, or undefined when it could not be measured. */
async function measureBaseline(gateway: PurgeGateway, log: Logger): Promise<number | undefined> {
  try {
    const answers: number[] = [];
    for (let i = 0; i < BASELINE_ANSWERS; i++) answers.push(await gateway.answerMs());
    return median(answers);
  } catch (error) {
    log.warn("could not time Synapse before the run; pausing after every step", {
      error: (error as Error).message,
    });
    return undefined;
  }
}

/**
 * Works through the open rooms of `run` and finishes it, unless stopped first (then the run
 * stays `running` and the next process resumes it).
 * @returns the finished run, or undefined when stopped before the end
 */
export async function executeRun(deps: RunnerDeps, run: ScrubRun): Promise<ScrubRun | undefined> {
  const log = deps.log.with({ run: run.id });
  const pacing = deps.pacing ?? DEFAULT_PACING;
  const rooms = await deps.runs.rooms(run.id);
  const timed = pacing.latencyLimit > 0 && rooms.some((r) => isRoomOpen(r.step));
  const pacer: RunPacer = {
    pacing,
    sleep: deps.sleep ?? realSleep,
    inSlot: makeSlots(pacing.rooms),
    rate: makePurgeRate(),
    baselineMs: timed ? await measureBaseline(deps.gateway, log) : undefined,
    steps: 0,
    slowSteps: 0,
  };
  let stopped = false;
  // One worker more than purge slots: it plans the next room while the others purge.
  await forEachLimited(rooms, pacing.rooms + 1, async (room) => {
    while (isRoomOpen(room.step)) {
      if (stopped || deps.shouldStop()) {
        stopped = true;
        return;
      }
      try {
        await advanceRoom(deps, room, run.cutoffTs, pacer);
      } catch (error) {
        room.step = "failed";
        room.error = (error as Error).message;
        log.warn("scrub of a room failed", { room: room.roomId, error: room.error });
      }
      await deps.runs.updateRoom(room);
      await deps.onProgress?.();
    }
  });
  if (stopped) {
    const open = rooms.filter((r) => isRoomOpen(r.step)).length;
    log.info("scrub run paused; a restart resumes it", { rooms_left: open });
    return undefined;
  }
  // Rooms that left the scope (a direct room's record removed, …) are not recorded any longer.
  await deps.ledger.forgetOutsideScope();
  const errors = rooms
    .filter((r) => r.error !== null)
    .map((r) => `${r.name === undefined ? r.roomId : `${r.name} (${r.roomId})`}: ${r.error}`);
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
    purge_steps: pacer.steps,
    slow_steps: pacer.slowSteps,
    synapse_answer_ms: pacer.baselineMs === undefined ? "unknown" : pacer.baselineMs.toFixed(1),
  });
  return { ...run, ...result };
}

/**
 * One purge step in a slot: waits for Synapse, learns its pace, and pauses (still holding the
 * slot, so Synapse gets the rest) when live requests were slowed down meanwhile.
 */
async function purgeStep(
  gateway: PurgeGateway,
  pacer: RunPacer,
  room: ScrubRunRoom,
  boundary: string,
): Promise<void> {
  const events = eventsInStep(room.events, pacer.pacing.stepEvents, room.purgeSteps.length);
  await pacer.inSlot(async () => {
    const answers: number[] = [];
    const started = performance.now();
    const outcome = await gateway.purgeBefore(room.roomId, boundary, {
      expectedMs: pacer.rate.expectedMs(events),
      onAnswer: (ms) => answers.push(ms),
    });
    const took = performance.now() - started;
    if (outcome === "purged") pacer.rate.record(events, took);
    pacer.steps++;
    const slow =
      pacer.baselineMs === undefined ||
      wasSlow(answers, pacer.baselineMs, pacer.pacing.latencyLimit);
    if (!slow) return;
    pacer.slowSteps++;
    const pauseMs = pacer.pacing.pauseFactor * took;
    if (pauseMs > 0) await pacer.sleep(Math.min(pauseMs, MAX_PAUSE_MS));
  });
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

/** Does one step of one room in place (pending → scanned → (purge steps) → purged → done). */
async function advanceRoom(
  { gateway, ledger }: Pick<RunnerDeps, "gateway" | "ledger">,
  room: ScrubRunRoom,
  cutoffTs: number,
  pacer: RunPacer,
): Promise<void> {
  const { pacing, sleep } = pacer;
  switch (room.step) {
    case "pending": {
      // Reading history in is Synapse's work like a purge: it takes a slot.
      if (!(await ledger.isComplete(room.roomId))) {
        await pacer.inSlot(() =>
          readHistoryIntoLedger(gateway, ledger, room.roomId, pacing, sleep),
        );
      }
      const scan = await planRoom(gateway, ledger, room.roomId, cutoffTs, pacing, sleep);
      room.events = scan.events;
      room.messages = scan.messages;
      room.media = scan.media;
      if (scan.events === 0) {
        // Nothing old to purge: no marker, no purge.
        room.step = "done";
        return;
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
      return;
    }
    case "scanned": {
      if (room.boundaryEventId === null) throw new Error("scanned room has no boundary event");
      // The next intermediate boundary, else the boundary. Repeating a step after a crash
      // purges up to the same event again: it still exists (a purge keeps its boundary). A
      // boundary that is gone was purged by someone else (Synapse's own retention job), with
      // everything before it: nothing left to do for that step.
      const [next, ...rest] = room.purgeSteps;
      await purgeStep(gateway, pacer, room, next ?? room.boundaryEventId);
      if (next === undefined) room.step = nextRoomStep(room.step);
      room.purgeSteps = rest;
      return;
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
      return;
    }
    case "done":
    case "failed":
      return;
  }
}
