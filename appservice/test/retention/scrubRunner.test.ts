import { beforeEach, describe, expect, it } from "vitest";
import { makeLogger } from "../../src/observability/logger.ts";
import { executeRun } from "../../src/retention/scrubRunner.ts";
import { ScrubBusyError, ScrubOffError } from "../../src/retention/scrubService.ts";
import { captureLogs } from "../helpers/logs.ts";
import { MemoryEventLedger, MemoryPurgeGateway, MemoryScrubRunStore } from "./memoryScrub.ts";
import { makeRunLock, SCRUB_LOCK } from "../../src/locks/runLock.ts";
import { create, DAY, daysAgo, ids, newRun, setUp, text } from "./scrubFixture.ts";

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
    expect(runs.locks.rows.size).toBe(0);
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

  it("names a failing room in the run's errors by the name it was recorded with", async () => {
    const { gateway, runs } = setUp();
    gateway.failing.add("!all");
    const run = newRun("named");
    await runs.create(run, [
      { roomId: "!dept", kind: "department", name: "Circulation" },
      { roomId: "!all", kind: "all_staff", name: "All Staff" },
    ]);
    const log = makeLogger("test");
    const ledger = new MemoryEventLedger();
    const finished = await executeRun({ gateway, ledger, runs, log, shouldStop: () => false }, run);
    expect(finished).toMatchObject({ errors: ["All Staff (!all): purge failed: test"] });
    expect((await runs.rooms("named")).map((r) => [r.name, r.step])).toEqual([
      ["Circulation", "done"],
      ["All Staff", "failed"],
    ]);
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
    // The second room was planned while the first one was purged.
    expect((await runs.rooms("r1")).map((r) => r.step)).toEqual(["done", "purged"]);
    expect((await runs.get("r1"))?.status).toBe("running");
    const finished = await executeRun({ gateway, ledger, runs, log, shouldStop: () => false }, run);
    expect(finished).toMatchObject({ status: "succeeded", eventsPurged: 3, mediaDeleted: 1 });
    expect(ids(gateway.timelines.get("!all"))).toEqual(["$create", "$marker1"]);
  });

  /** "!big": 5 old messages and a new one, purged in steps of 2; sleeps are recorded. */
  async function bigRoom(runId: string, purgeAnswerMs: number) {
    const gateway = new MemoryPurgeGateway();
    gateway.purgeAnswerMs = purgeAnswerMs; // Synapse's answer before the run: 10 ms
    const fill = () =>
      gateway.timelines.set("!big", [
        create,
        ...Array.from({ length: 5 }, (_, i) => text(`$o${i}`, daysAgo(30))),
        text("$n", daysAgo(1)),
      ]);
    fill();
    const runs = new MemoryScrubRunStore();
    const run = newRun(runId);
    await runs.create(run, [{ roomId: "!big", kind: "department" }]);
    const pauses: number[] = [];
    const deps = {
      gateway,
      ledger: new MemoryEventLedger(),
      runs,
      log: makeLogger("test"),
      pacing: { pageSize: 3, stepEvents: 2, pauseFactor: 2, rooms: 1, latencyLimit: 2 },
      sleep: (ms: number) => Promise.resolve(void pauses.push(ms)),
    };
    return { gateway, runs, run, deps, pauses, fill };
  }

  it("purges a long prefix in steps, pausing after slow ones, and resumes at the next step", async () => {
    // Synapse answers 5 × slower during each purge than before the run: every step is slow.
    const { gateway, runs, run, deps, pauses } = await bigRoom("steps", 50);
    let purges = 0;
    gateway.beforePurge = () => {
      purges++;
      return new Promise((resolve) => setTimeout(resolve, 5));
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
    // A run's first purge has no expected duration; later ones take the pace of those before.
    expect(gateway.expected).toEqual([undefined, undefined, expect.any(Number)]);
    expect(gateway.expected[2]).toBeGreaterThanOrEqual(2); // 1 event at ≥ 5 ms per 2 events
  });

  it("does not pause after steps during which Synapse answered as fast as before", async () => {
    // 1.5 × its answer before the run: within the limit of 2.
    const { gateway, runs, run, deps, pauses, fill } = await bigRoom("fast", 15);
    expect(await executeRun({ ...deps, shouldStop: () => false }, run)).toMatchObject({
      status: "succeeded",
      eventsPurged: 5,
    });
    expect(gateway.calls).toEqual(["purge !big $o2", "purge !big $o4", "purge !big $n"]);
    // Only the history pages (always paused after) are followed by a pause.
    expect(pauses).toHaveLength(2);
    expect(logs.lines.join("\n")).toMatch(/scrub run finished .*purge_steps=3 slow_steps=0/);
    // A latency limit of 0 pauses after every step, however fast Synapse answers.
    const again = newRun("always");
    fill();
    await runs.create(again, [{ roomId: "!big", kind: "department" }]);
    pauses.length = 0;
    gateway.beforePurge = () => new Promise((resolve) => setTimeout(resolve, 3));
    await executeRun(
      {
        ...deps,
        ledger: new MemoryEventLedger(),
        pacing: { ...deps.pacing, latencyLimit: 0 },
        shouldStop: () => false,
      },
      again,
    );
    expect(pauses).toHaveLength(5);
  });

  it("refuses to start while off or while another holder has the lease", async () => {
    const { runs, settings, service } = setUp();
    await expect(service.start("manual", "@a:x")).rejects.toBeInstanceOf(ScrubOffError);
    await expect(service.preview()).rejects.toBeInstanceOf(ScrubOffError);
    settings.days = 7;
    const elsewhere = { host: "other-machine", pid: 7, instance: "x" };
    expect(await makeRunLock(runs.locks, SCRUB_LOCK, { self: elsewhere }).acquire()).toBe(true);
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
