// Executes a scrub run room by room (one at a time, so live chat stays responsive), persisting
// each room's step before the next so a killed process resumes where it stopped.
import type { Logger } from "../observability/logger.ts";
import type { PurgeGateway, ScrubRun, ScrubRunRoom, ScrubRunStore } from "./ports.ts";
import { isRoomOpen, nextRoomStep, runStatusOf } from "./runState.ts";
import { emptyScan, scanPage, type RoomScan } from "./scrubPlanner.ts";

/** Events read per Admin API page while scanning. */
const PAGE_SIZE = 500;

/**
 * Reads a room's timeline from its start up to the first event at or after the cutoff and
 * returns what lies before it. Used by both the preview and the run, so their counts agree.
 */
export async function scanRoom(
  gateway: PurgeGateway,
  roomId: string,
  cutoffTs: number,
): Promise<RoomScan> {
  let scan = emptyScan();
  let from: string | undefined;
  for (;;) {
    const page = await gateway.timelinePage(roomId, from, PAGE_SIZE);
    const folded = scanPage(scan, page.events, cutoffTs);
    scan = folded.scan;
    if (folded.done || page.next === undefined) return scan;
    from = page.next;
  }
}

/** What {@link executeRun} needs. */
export type RunnerDeps = {
  gateway: PurgeGateway;
  runs: ScrubRunStore;
  log: Logger;
  /** Checked before every step: true stops the run where it is (it stays resumable). */
  shouldStop: () => boolean;
  /** Called between steps (the service renews its lease here). */
  onProgress?: () => Promise<void>;
};

/**
 * Works through the open rooms of `run` and finishes it, unless stopped first (then the run
 * stays `running` and the next process resumes it).
 * @returns the finished run, or undefined when stopped before the end
 */
export async function executeRun(deps: RunnerDeps, run: ScrubRun): Promise<ScrubRun | undefined> {
  const log = deps.log.with({ run: run.id });
  const rooms = await deps.runs.rooms(run.id);
  for (const room of rooms) {
    while (isRoomOpen(room.step)) {
      if (deps.shouldStop()) {
        log.info("scrub run paused; a restart resumes it", { room: room.roomId, step: room.step });
        return undefined;
      }
      try {
        await advanceRoom(deps.gateway, room, run.cutoffTs);
      } catch (error) {
        room.step = "failed";
        room.error = (error as Error).message;
        log.warn("scrub of a room failed", { room: room.roomId, error: room.error });
      }
      await deps.runs.updateRoom(room);
      await deps.onProgress?.();
    }
  }
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

/** Does one step of one room in place (pending → scanned → purged → done). */
async function advanceRoom(gateway: PurgeGateway, room: ScrubRunRoom, cutoffTs: number) {
  switch (room.step) {
    case "pending": {
      const scan = await scanRoom(gateway, room.roomId, cutoffTs);
      room.events = scan.events;
      room.messages = scan.messages;
      room.media = scan.media;
      if (scan.events === 0) {
        // Nothing old to purge: no marker, no purge.
        room.step = "done";
        return;
      }
      // Everything is old: Synapse never deletes a room's newest event, so write a harmless
      // marker after it and purge up to the marker.
      room.boundaryEventId = scan.boundaryEventId ?? (await gateway.writeMarker(room.roomId));
      room.step = nextRoomStep(room.step);
      return;
    }
    case "scanned":
      if (room.boundaryEventId === null) throw new Error("scanned room has no boundary event");
      await gateway.purgeBefore(room.roomId, room.boundaryEventId);
      room.step = nextRoomStep(room.step);
      return;
    case "purged": {
      // Counts what is gone afterwards, so a resumed run that finds some already deleted
      // reports the same number as an uninterrupted one.
      let gone = 0;
      for (const uri of room.media) if ((await gateway.deleteMedia(uri)) === "gone") gone++;
      room.mediaDeleted = gone;
      room.step = nextRoomStep(room.step);
      return;
    }
    case "done":
    case "failed":
      return;
  }
}
