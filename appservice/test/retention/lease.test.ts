import { spawnSync } from "node:child_process";
import { beforeEach, describe, expect, it } from "vitest";
import {
  formatHolder,
  holderIsGone,
  parseHolder,
  processExists,
} from "../../src/retention/lease.ts";
import { makeLogger } from "../../src/observability/logger.ts";
import { ScrubBusyError, makeScrubService } from "../../src/retention/scrubService.ts";
import type { ScrubRun } from "../../src/retention/ports.ts";
import { captureLogs } from "../helpers/logs.ts";
import {
  MemoryEventLedger,
  MemoryPurgeGateway,
  MemoryScrubRunStore,
  MemorySettings,
} from "./memoryScrub.ts";

const DAY = 86_400_000;
const T0 = Date.parse("2026-05-01T12:00:00Z");

describe("lease holders", () => {
  it("round-trips host, process and instance, and fits a long host name in 64 characters", () => {
    const holder = { host: "desk-1", pid: 4242, instance: "a1b2c3d4" };
    expect(formatHolder(holder)).toBe("desk-1|4242|a1b2c3d4");
    expect(parseHolder("desk-1|4242|a1b2c3d4")).toEqual(holder);
    const long = formatHolder({ ...holder, host: "h".repeat(200) });
    expect(long).toHaveLength(64);
    expect(parseHolder(long)).toMatchObject({ pid: 4242, instance: "a1b2c3d4" });
    for (const bad of ["scrub-12-ab", "h|0|x", "h|12", "|12|x", "h|1x|y"]) {
      expect(parseHolder(bad), bad).toBeUndefined();
    }
  });

  it("calls a holder gone only when it ran here under another process ID that no longer exists", () => {
    const self = { host: "desk-1", pid: 100, instance: "me" };
    const alive = (pid: number) => pid === 200;
    expect(holderIsGone("desk-1|300|old", self, alive)).toBe(true);
    expect(holderIsGone("desk-1|200|live", self, alive)).toBe(false);
    // Another machine: its process table is not ours to read; the lease must expire.
    expect(holderIsGone("desk-2|300|old", self, alive)).toBe(false);
    // Our own PID under another instance: a container restarted as PID 1 looks like this.
    expect(holderIsGone("desk-1|100|old", self, alive)).toBe(false);
    expect(holderIsGone("scrub-300-abcd", self, alive)).toBe(false);
  });

  it("asks the kernel whether a process exists", () => {
    expect(processExists(process.pid)).toBe(true);
    const exited = spawnSync(process.execPath, ["-e", ""]).pid;
    expect(exited).toBeGreaterThan(0);
    expect(processExists(exited ?? 0)).toBe(false);
  });
});

/** A service on a shared store, as one process on host "desk-1" with process ID `pid`. */
function processOn(
  shared: {
    gateway: MemoryPurgeGateway;
    ledger: MemoryEventLedger;
    runs: MemoryScrubRunStore;
    settings: MemorySettings;
  },
  pid: number,
  opts: { now: () => Date; alive: (pid: number) => boolean; leaseMs?: number },
) {
  return makeScrubService({
    ...shared,
    scope: () => Promise.resolve([{ roomId: "!a", kind: "department" as const }]),
    log: makeLogger("test"),
    leaseMs: opts.leaseMs ?? 60_000,
    now: opts.now,
    self: { host: "desk-1", pid, instance: `i${pid}` },
    processExists: opts.alive,
  });
}

function world() {
  const gateway = new MemoryPurgeGateway();
  const message = (id: string, ts: number) => ({
    event_id: id,
    type: "m.room.message",
    origin_server_ts: ts,
  });
  gateway.timelines.set("!a", [message("$old", T0 - 30 * DAY), message("$new", T0 - DAY)]);
  const runs = new MemoryScrubRunStore();
  const settings = new MemorySettings();
  settings.days = 7;
  return { gateway, ledger: new MemoryEventLedger(), runs, settings };
}

/** A run left "running" by a process that held the lease as `holder`. */
async function leftOver(runs: MemoryScrubRunStore, holder: string, expiresAt: number) {
  const run: ScrubRun = {
    id: "left",
    trigger: "manual",
    startedBy: null,
    scrubDays: 7,
    cutoffTs: T0 - 7 * DAY,
    startedAt: new Date(T0 - 60_000),
    finishedAt: null,
    status: "running",
    eventsPurged: 0,
    mediaDeleted: 0,
    errors: [],
  };
  await runs.create(run, [{ roomId: "!a", kind: "department" }]);
  runs.lease = { holder, expiresAt };
}

const until = async (what: string, check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe("the scrub lease between processes", () => {
  let logs: { lines: string[] };
  beforeEach(() => {
    logs = captureLogs("info");
  });

  it("resumes at once a run whose holder on this machine was killed, lease not yet expired", async () => {
    const shared = world();
    await leftOver(shared.runs, "desk-1|300|dead", T0 + 50_000);
    const restarted = processOn(shared, 400, { now: () => new Date(T0), alive: (p) => p === 400 });
    await restarted.resume();
    await restarted.idle();
    expect(shared.runs.runs.get("left")?.status).toBe("succeeded");
    expect(shared.gateway.timelines.get("!a")?.map((e) => e.event_id)).toEqual(["$new"]);
    expect(shared.runs.lease).toBeUndefined();
  });

  it("never takes a live holder's lease; resumes by itself once that lease has expired", async () => {
    const shared = world();
    let now = T0;
    await leftOver(shared.runs, "desk-2|300|elsewhere", T0 + 100);
    const second = processOn(shared, 400, {
      now: () => new Date(now),
      alive: () => true,
      leaseMs: 40,
    });
    await second.resume();
    await new Promise((r) => setTimeout(r, 30));
    expect(shared.runs.runs.get("left")?.status).toBe("running");
    expect(shared.gateway.calls).toEqual([]);
    now = T0 + 101;
    await until("the retried resume", () => shared.runs.runs.get("left")?.status !== "running");
    await second.idle();
    expect(shared.runs.runs.get("left")?.status).toBe("succeeded");
    await second.stop();
  });

  it("keeps two live processes apart: a second one neither starts nor resumes during a run", async () => {
    const shared = world();
    let release: (() => void) | undefined;
    shared.gateway.beforePurge = () => new Promise((resolve) => (release = () => resolve()));
    const options = { now: () => new Date(T0), alive: () => true };
    const first = processOn(shared, 100, options);
    const second = processOn(shared, 200, options);
    const run = await first.start("manual", "@admin:x");
    await until("the first run to reach its purge", () => release !== undefined);
    await expect(second.start("manual", "@admin:x")).rejects.toBeInstanceOf(ScrubBusyError);
    await second.resume();
    await second.idle();
    expect(shared.runs.lease?.holder).toBe("desk-1|100|i100");
    release?.();
    await first.idle();
    expect(shared.runs.runs.get(run.id)?.status).toBe("succeeded");
    expect(shared.gateway.calls.filter((c) => c.startsWith("purge"))).toHaveLength(1);
    await second.stop();
  });

  it("pauses a run whose lease was taken over, after its current step", async () => {
    const shared = world();
    let release: (() => void) | undefined;
    shared.gateway.beforePurge = () => new Promise((resolve) => (release = () => resolve()));
    const first = processOn(shared, 100, { now: () => new Date(T0), alive: () => true });
    const run = await first.start("manual", null);
    await until("the purge to begin", () => release !== undefined);
    shared.runs.lease = { holder: "desk-2|7|other", expiresAt: T0 + 60_000 };
    release?.();
    await first.idle();
    expect(shared.runs.runs.get(run.id)?.status).toBe("running");
    expect((await shared.runs.rooms(run.id)).map((r) => r.step)).toEqual(["purged"]);
    expect(shared.runs.lease.holder).toBe("desk-2|7|other");
    expect(logs.lines.join("\n")).toContain("lost the scrub lease; pausing the run");
  });
});
