import { beforeEach, describe, expect, it } from "vitest";
import { makeLogger } from "../../src/observability/logger.ts";
import { executeRun } from "../../src/retention/scrubRunner.ts";
import {
  ScrubBusyError,
  ScrubOffError,
  makeScrubService,
} from "../../src/retention/scrubService.ts";
import type { ScrubRun } from "../../src/retention/ports.ts";
import type { TimelineEvent } from "../../src/retention/scrubPlanner.ts";
import { captureLogs } from "../helpers/logs.ts";
import {
  MemoryEventLedger,
  MemoryPurgeGateway,
  MemoryScrubRunStore,
  MemorySettings,
} from "./memoryScrub.ts";

const DAY = 86_400_000;
const NOW = new Date("2026-05-01T12:00:00Z");
const daysAgo = (n: number) => NOW.getTime() - n * DAY;
const text = (id: string, ts: number, url?: string): TimelineEvent => ({
  event_id: id,
  type: "m.room.message",
  origin_server_ts: ts,
  content: url ? { msgtype: "m.file", body: id, url } : { msgtype: "m.text", body: id },
});
const create: TimelineEvent = {
  event_id: "$create",
  type: "m.room.create",
  state_key: "",
  origin_server_ts: daysAgo(100),
};

function setUp() {
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
    now: () => NOW,
  });
  return { gateway, ledger, runs, settings, service };
}

const ids = (events: TimelineEvent[] | undefined) => (events ?? []).map((e) => e.event_id);

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
    const run: ScrubRun = {
      id: "r1",
      trigger: "manual",
      startedBy: null,
      scrubDays: 7,
      cutoffTs: daysAgo(7),
      startedAt: NOW,
      finishedAt: null,
      status: "running",
      eventsPurged: 0,
      mediaDeleted: 0,
      errors: [],
    };
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
    const run: ScrubRun = {
      id: "steps",
      trigger: "manual",
      startedBy: null,
      scrubDays: 7,
      cutoffTs: daysAgo(7),
      startedAt: NOW,
      finishedAt: null,
      status: "running",
      eventsPurged: 0,
      mediaDeleted: 0,
      errors: [],
    };
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

  it("plans from a complete ledger without reading history back, and forgets what went", async () => {
    const { gateway, ledger, runs, settings, service } = setUp();
    settings.days = 7;
    // Every room's history arrived live (its m.room.create included).
    for (const [roomId, events] of gateway.timelines) {
      await ledger.recordLive(
        events.map((e) => ({
          room_id: roomId,
          event_id: e.event_id,
          type: e.type,
          origin_server_ts: e.origin_server_ts,
          ...(e.state_key === undefined ? {} : { state_key: e.state_key }),
          media: typeof e.content?.url === "string" ? [e.content.url] : [],
        })),
      );
    }
    ledger.scope = new Set(["!dept", "!all", "!dm"]);
    await ledger.recordLive([
      {
        room_id: "!meeting",
        event_id: "$x",
        type: "m.room.message",
        origin_server_ts: 1,
        media: [],
      },
    ]);
    const preview = await service.preview();
    expect(preview.rooms.map((r) => [r.roomId, r.messages, r.files])).toEqual([
      ["!dept", 1, 1],
      ["!all", 2, 0],
      ["!dm", 0, 0],
    ]);
    const run = await service.start("manual", null);
    await service.idle();
    expect(gateway.reads).toBe(0);
    expect(await runs.get(run.id)).toMatchObject({ eventsPurged: 3, mediaDeleted: 1 });
    expect(ids(gateway.timelines.get("!dept"))).toEqual(["$create", "$d2"]);
    // The purged prefix (and the room outside the scope) left the ledger; boundaries stay.
    // (The fixture's rooms share one "$create" ID, kept once: in !dept, before $d2.)
    const left = ledger.rows.map((r) => `${r.roomId} ${r.event.event_id}`);
    expect(left).toEqual(["!dept $d2", "!dm $m1"]);
  });

  it("skips a purge step whose boundary someone else purged already", async () => {
    const gateway = new MemoryPurgeGateway();
    const old = Array.from({ length: 4 }, (_, i) => text(`$o${i}`, daysAgo(30)));
    gateway.timelines.set("!r", [create, ...old, text("$n", daysAgo(1))]);
    const ledger = new MemoryEventLedger();
    await ledger.addHistory("!r", gateway.timelines.get("!r") ?? []);
    await ledger.markComplete("!r");
    // Synapse's own retention job purged up to $o3 meanwhile.
    await gateway.purgeBefore("!r", "$o3");
    gateway.calls = [];
    const runs = new MemoryScrubRunStore();
    const run: ScrubRun = {
      id: "gone",
      trigger: "schedule",
      startedBy: null,
      scrubDays: 7,
      cutoffTs: daysAgo(7),
      startedAt: NOW,
      finishedAt: null,
      status: "running",
      eventsPurged: 0,
      mediaDeleted: 0,
      errors: [],
    };
    await runs.create(run, [{ roomId: "!r", kind: "department" }]);
    const finished = await executeRun(
      {
        gateway,
        ledger,
        runs,
        log: makeLogger("test"),
        shouldStop: () => false,
        pacing: { pageSize: 10, stepEvents: 2, pauseFactor: 0, rooms: 1 },
      },
      run,
    );
    expect(finished).toMatchObject({ status: "succeeded", errors: [] });
    expect(gateway.calls).toEqual(["purge !r $o2", "purge !r $n"]);
    expect(ids(gateway.timelines.get("!r"))).toEqual(["$create", "$n"]);
  });

  it("works on several rooms at once when asked, and still stops between steps", async () => {
    const { gateway, ledger, runs } = setUp();
    const run: ScrubRun = {
      id: "wide",
      trigger: "manual",
      startedBy: null,
      scrubDays: 7,
      cutoffTs: daysAgo(7),
      startedAt: NOW,
      finishedAt: null,
      status: "running",
      eventsPurged: 0,
      mediaDeleted: 0,
      errors: [],
    };
    await runs.create(run, [
      { roomId: "!dept", kind: "department" },
      { roomId: "!all", kind: "all_staff" },
      { roomId: "!dm", kind: "direct" },
    ]);
    let inPurge = 0;
    let most = 0;
    gateway.beforePurge = async () => {
      most = Math.max(most, ++inPurge);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inPurge--;
    };
    const deps = {
      gateway,
      ledger,
      runs,
      log: makeLogger("test"),
      pacing: { pageSize: 100, stepEvents: 0, pauseFactor: 0, rooms: 3 },
    };
    let steps = 0;
    const stopped = await executeRun(
      { ...deps, shouldStop: () => steps >= 2, onProgress: () => Promise.resolve(void steps++) },
      run,
    );
    expect(stopped).toBeUndefined();
    const finished = await executeRun({ ...deps, shouldStop: () => false }, run);
    expect(finished).toMatchObject({ status: "succeeded", eventsPurged: 3, mediaDeleted: 1 });
    expect(most).toBe(2);
    expect(ids(gateway.timelines.get("!all"))).toEqual(["$create", "$marker1"]);
  });
});
