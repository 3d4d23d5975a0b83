import { beforeEach, describe, expect, it } from "vitest";
import { makeLogger } from "../../src/observability/logger.ts";
import { executeRun } from "../../src/retention/scrubRunner.ts";
import { ScrubBusyError, ScrubOffError } from "../../src/retention/scrubService.ts";
import { captureLogs } from "../helpers/logs.ts";
import { MemoryEventLedger, MemoryPurgeGateway, MemoryScrubRunStore } from "./memoryScrub.ts";
import { create, DAY, daysAgo, ids, newRun, NOW, setUp, text } from "./scrubFixture.ts";

describe("scrub run", () => {
  let logs: { lines: string[] };
  beforeEach(() => {
    logs = captureLogs("info");
  });

  it("purges the old prefix, marks rooms whose newest message is old, deletes media", async () => {
    const { gateway, runs, settings, service } = setUp();
    settings.days = 7;
    const preview = await service.preview();
    expect(preview.rooms.map((r) => [r.roomId, r.messages, r.files])).toEqual([
      ["!dept", 1, 1],
      ["!all", 2, 0],
      ["!dm", 0, 0],
    ]);
    const run = await service.start("manual", "@admin:x");
    await service.idle();
    expect(ids(gateway.timelines.get("!dept"))).toEqual(["$create", "$d2"]);
    expect(ids(gateway.timelines.get("!all"))).toEqual(["$create", "$marker1"]);
    expect(ids(gateway.timelines.get("!dm"))).toEqual(["$create", "$m1"]);
    expect(gateway.media.size).toBe(0);
    expect(gateway.calls.filter((c) => c.startsWith("marker"))).toEqual(["marker !all"]);
    expect(await runs.get(run.id)).toMatchObject({
      status: "succeeded",
      eventsPurged: 3,
      mediaDeleted: 1,
      errors: [],
      startedBy: "@admin:x",
    });
    expect(runs.lease).toBeUndefined();
  });

  it("records a failing room and finishes the others (partial)", async () => {
    const { gateway, runs, settings, service } = setUp();
    settings.days = 7;
    gateway.failing.add("!all");
    const run = await service.start("schedule", null);
    await service.idle();
    expect(logs.lines.join("\n")).toMatch(/scrub of a room failed run=scrub-\S+ room=!all/);
    expect(await runs.get(run.id)).toMatchObject({
      status: "partial",
      eventsPurged: 1,
      errors: ["!all: purge failed: test"],
    });
  });

  it("stops between steps and a later executeRun finishes with the same totals", async () => {
    const { gateway, runs, settings } = setUp();
    settings.days = 7;
    const run = newRun("r1");
    await runs.create(run, [
      { roomId: "!dept", kind: "department" },
      { roomId: "!all", kind: "all_staff" },
    ]);
    let steps = 0;
    const log = makeLogger("test");
    const ledger = new MemoryEventLedger();
    const stopped = await executeRun(
      {
        gateway,
        ledger,
        runs,
        log,
        shouldStop: () => steps >= 4,
        onProgress: () => Promise.resolve(void steps++),
      },
      run,
    );
    expect(stopped).toBeUndefined();
    expect((await runs.rooms("r1")).map((r) => r.step)).toEqual(["done", "scanned"]);
    expect((await runs.get("r1"))?.status).toBe("running");
    const finished = await executeRun({ gateway, ledger, runs, log, shouldStop: () => false }, run);
    expect(finished).toMatchObject({ status: "succeeded", eventsPurged: 3, mediaDeleted: 1 });
    expect(ids(gateway.timelines.get("!all"))).toEqual(["$create", "$marker1"]);
  });

  it("purges a long prefix in steps, pausing after each, and resumes at the next step", async () => {
    const gateway = new MemoryPurgeGateway();
    const old = Array.from({ length: 5 }, (_, i) => text(`$o${i}`, daysAgo(30)));
    gateway.timelines.set("!big", [create, ...old, text("$n", daysAgo(1))]);
    const runs = new MemoryScrubRunStore();
    const run = newRun("steps");
    await runs.create(run, [{ roomId: "!big", kind: "department" }]);
    const pauses: number[] = [];
    let purges = 0;
    gateway.beforePurge = () => {
      purges++;
      return new Promise((resolve) => setTimeout(resolve, 5));
    };
    const deps = {
      gateway,
      ledger: new MemoryEventLedger(),
      runs,
      log: makeLogger("test"),
      pacing: { pageSize: 3, stepEvents: 2, pauseFactor: 2, rooms: 1 },
      sleep: (ms: number) => Promise.resolve(void pauses.push(ms)),
    };
    // Stopped after the scan and the first purge step.
    expect(await executeRun({ ...deps, shouldStop: () => purges >= 1 }, run)).toBeUndefined();
    const [saved] = await runs.rooms("steps");
    expect(saved).toMatchObject({ step: "scanned", boundaryEventId: "$n", purgeSteps: ["$o4"] });
    expect(ids(gateway.timelines.get("!big"))).toEqual(["$create", "$o2", "$o3", "$o4", "$n"]);
    const finished = await executeRun({ ...deps, shouldStop: () => false }, run);
    expect(finished).toMatchObject({ status: "succeeded", eventsPurged: 5 });
    expect(gateway.calls).toEqual(["purge !big $o2", "purge !big $o4", "purge !big $n"]);
    expect(ids(gateway.timelines.get("!big"))).toEqual(["$create", "$n"]);
    // A pause after each history page but the last (2), then after every purge step (3), twice
    // as long as the step took (each purge at least 5 ms).
    expect(pauses).toHaveLength(5);
    for (const pause of pauses.slice(2)) expect(pause).toBeGreaterThanOrEqual(8);
  });

  it("refuses to start while off or while another holder has the lease", async () => {
    const { runs, settings, service } = setUp();
    await expect(service.start("manual", "@a:x")).rejects.toBeInstanceOf(ScrubOffError);
    await expect(service.preview()).rejects.toBeInstanceOf(ScrubOffError);
    settings.days = 7;
    await runs.acquireLease("another-process", 60_000, NOW);
    await expect(service.start("manual", "@a:x")).rejects.toBeInstanceOf(ScrubBusyError);
  });

  it("publishes the retention policy in every room on a settings change, audited", async () => {
    const { gateway, settings, service } = setUp();
    expect(await service.setScrubDays(30, "@admin:x")).toEqual({ old: null });
    expect(gateway.retention.get("!dm")).toBe(30 * DAY);
    await service.setScrubDays(null, "@admin:x");
    expect([...gateway.retention.values()]).toEqual([null, null, null]);
    expect(settings.audit).toEqual([
      { actor: "@admin:x", old: null, new: 30 },
      { actor: "@admin:x", old: 30, new: null },
    ]);
  });
});
