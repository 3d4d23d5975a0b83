import { afterEach, describe, expect, it } from "vitest";
import { makeLogger } from "../../src/observability/logger.ts";
import { startScrubScheduler, type ScrubScheduler } from "../../src/retention/scheduler.ts";
import { makeRunLock, SCRUB_LOCK } from "../../src/locks/runLock.ts";
import { makeScrubService } from "../../src/retention/scrubService.ts";
import { captureLogs } from "../helpers/logs.ts";
import {
  MemoryEventLedger,
  MemoryPurgeGateway,
  MemoryScrubRunStore,
  MemorySettings,
} from "./memoryScrub.ts";

describe("scrub scheduler", () => {
  let scheduler: ScrubScheduler | undefined;
  afterEach(() => scheduler?.stop());

  function setUp() {
    captureLogs("warn");
    const gateway = new MemoryPurgeGateway();
    const runs = new MemoryScrubRunStore();
    const settings = new MemorySettings();
    const service = makeScrubService({
      gateway,
      ledger: new MemoryEventLedger(),
      runs,
      settings,
      scope: () => Promise.resolve([{ roomId: "!r", kind: "department" as const }]),
      log: makeLogger("test"),
      lock: makeRunLock(runs.locks, SCRUB_LOCK),
    });
    return { runs, settings, service };
  }

  it("starts nothing while off, then one run per interval once on", async () => {
    const { runs, settings, service } = setUp();
    scheduler = startScrubScheduler(
      service,
      { settings, runs },
      { intervalMinutes: 60, log: makeLogger("test") },
    );
    await scheduler.tick();
    expect(runs.runs.size).toBe(0);
    settings.days = 30;
    await scheduler.tick();
    await service.idle();
    expect([...runs.runs.values()].map((r) => [r.trigger, r.status])).toEqual([
      ["schedule", "succeeded"],
    ]);
    // The last run began less than an interval ago: a restart or a second check starts none.
    await scheduler.tick();
    expect(runs.runs.size).toBe(1);
  });

  it("resumes an unfinished run before anything else", async () => {
    const { runs, settings, service } = setUp();
    const startedAt = new Date(Date.now() - 10 * 60_000);
    await runs.create(
      {
        id: "left-over",
        trigger: "manual",
        startedBy: "@a:x",
        scrubDays: 7,
        cutoffTs: startedAt.getTime() - 7 * 86_400_000,
        startedAt,
        finishedAt: null,
        status: "running",
        eventsPurged: 0,
        mediaDeleted: 0,
        errors: [],
      },
      [{ roomId: "!r", kind: "department" }],
    );
    settings.days = 7;
    scheduler = startScrubScheduler(
      service,
      { settings, runs },
      { intervalMinutes: 60, log: makeLogger("test") },
    );
    await scheduler.tick();
    await service.idle();
    expect(runs.runs.get("left-over")?.status).toBe("succeeded");
    expect(runs.runs.size).toBe(1);
  });
});
