// Shared fixture of the scrub runner tests: three rooms of a fake Synapse (a department with an
// old file, All Staff whose newest message is old, a direct chat with nothing old), the
// in-memory stores and a service over them, 7-day runs.
import { makeLogger } from "../../src/observability/logger.ts";
import type { ScrubRun } from "../../src/retention/ports.ts";
import type { TimelineEvent } from "../../src/retention/scrubPlanner.ts";
import { makeRunLock, SCRUB_LOCK } from "../../src/locks/runLock.ts";
import { makeScrubService } from "../../src/retention/scrubService.ts";
import {
  MemoryEventLedger,
  MemoryPurgeGateway,
  MemoryScrubRunStore,
  MemorySettings,
} from "./memoryScrub.ts";

export const DAY = 86_400_000;
export const NOW = new Date("2026-05-01T12:00:00Z");
export const daysAgo = (n: number) => NOW.getTime() - n * DAY;
export const text = (id: string, ts: number, url?: string): TimelineEvent => ({
  event_id: id,
  type: "m.room.message",
  origin_server_ts: ts,
  content: url ? { msgtype: "m.file", body: id, url } : { msgtype: "m.text", body: id },
});
export const create: TimelineEvent = {
  event_id: "$create",
  type: "m.room.create",
  state_key: "",
  origin_server_ts: daysAgo(100),
};

export function setUp() {
  const gateway = new MemoryPurgeGateway();
  gateway.timelines.set("!dept", [
    create,
    text("$d1", daysAgo(10), "mxc://x/f"),
    text("$d2", daysAgo(1)),
  ]);
  gateway.timelines.set("!all", [create, text("$a1", daysAgo(20)), text("$a2", daysAgo(9))]);
  gateway.timelines.set("!dm", [create, text("$m1", daysAgo(2))]);
  gateway.media.add("mxc://x/f");
  const runs = new MemoryScrubRunStore();
  const settings = new MemorySettings();
  const scope = () =>
    Promise.resolve([
      { roomId: "!dept", kind: "department" as const },
      { roomId: "!all", kind: "all_staff" as const },
      { roomId: "!dm", kind: "direct" as const },
    ]);
  const ledger = new MemoryEventLedger();
  const service = makeScrubService({
    gateway,
    ledger,
    runs,
    settings,
    scope,
    log: makeLogger("test"),
    lock: makeRunLock(runs.locks, SCRUB_LOCK),
    now: () => NOW,
  });
  return { gateway, ledger, runs, settings, service };
}

export const ids = (events: TimelineEvent[] | undefined) => (events ?? []).map((e) => e.event_id);

/** A run with a 7-day cutoff, as the service would record it before starting. */
export const newRun = (id: string, trigger: ScrubRun["trigger"] = "manual"): ScrubRun => ({
  id,
  trigger,
  startedBy: null,
  scrubDays: 7,
  cutoffTs: daysAgo(7),
  startedAt: NOW,
  finishedAt: null,
  status: "running",
  eventsPurged: 0,
  mediaDeleted: 0,
  errors: [],
});
