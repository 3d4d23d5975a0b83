// Planning one room of a scrub from the event ledger (preview and run alike, so their counts
// agree), after reading its history into the ledger once when the ledger is not complete yet.
import { DEFAULT_PACING, MAX_PAUSE_MS, type ScrubPacing } from "./purgePacer.ts";
import type { EventLedger, PurgeGateway } from "./ports.ts";
import { emptyScan, scanPage, type RoomScan } from "./scrubPlanner.ts";

/** Ledger rows folded per read while planning (local database, no pause). */
const LEDGER_PAGE = 1000;

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
