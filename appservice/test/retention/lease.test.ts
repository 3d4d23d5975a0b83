import { beforeEach, describe, expect, it } from "vitest";
import { makeRunLock, SCRUB_LOCK } from "../../src/locks/runLock.ts";
import { makeLogger } from "../../src/observability/logger.ts";
import {
  RESUMED_REASON,
  ScrubBusyError,
  makeScrubService,
} from "../../src/retention/scrubService.ts";
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

/** A service on a shared store, as one process on host "desk-1" with process ID `pid`. */
function processOn(
  shared: {
    gateway: MemoryPurgeGateway;
    ledger: MemoryEventLedger;
    runs: MemoryScrubRunStore;
    settings: MemorySettings;
  },
  pid: number,
  opts: { now: () => Date; alive: (pid: number) => boolean; heartbeatMs?: number },
) {
  return makeScrubService({
    ...shared,
    scope: () => Promise.resolve([{ roomId: "!a", kind: "department" as const }]),
    log: makeLogger("test"),
    lock: makeRunLock(shared.runs.locks, SCRUB_LOCK, {
      self: { host: "desk-1", pid, instance: `i${pid}` },
      heartbeatMs: opts.heartbeatMs ?? 5_000,
      now: () => opts.now().getTime(),
      processExists: opts.alive,
    }),
    retryMs: 10,
    now: opts.now,
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

/** A run left "running" by a process `host|pid|instance` whose last heartbeat was at `beat`. */
async function leftOver(runs: MemoryScrubRunStore, holder: string, beat: number) {
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
  const [host = "", pid = "0", instance = ""] = holder.split("|");
  const row = { name: SCRUB_LOCK, host, pid: Number(pid), instance, owner: `${instance}.1` };
  await runs.locks.insert({ ...row, heartbeatAt: beat });
}

const leaseOf = (runs: MemoryScrubRunStore) => runs.locks.rows.get(SCRUB_LOCK);

const until = async (what: string, check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe("the scrub lease between processes", () => {
  let logs: { lines: string[] };
  beforeEach(() => {
    logs = captureLogs("info");
  });

  it("resumes at once a run whose holder on this machine was killed, heartbeat still fresh", async () => {
    const shared = world();
    await leftOver(shared.runs, "desk-1|300|dead", T0);
    const restarted = processOn(shared, 400, { now: () => new Date(T0), alive: (p) => p === 400 });
    await restarted.resume();
    await restarted.idle();
    expect(shared.runs.runs.get("left")?.status).toBe("succeeded");
    expect(shared.gateway.timelines.get("!a")?.map((e) => e.event_id)).toEqual(["$new"]);
    expect(leaseOf(shared.runs)).toBeUndefined();
    expect(shared.runs.runs.get("left")).toMatchObject({
      holder: "desk-1|400|i400",
      reason: RESUMED_REASON,
    });
  });

  it("never takes a fresh foreign heartbeat; resumes by itself once it is stale", async () => {
    const shared = world();
    let now = T0;
    await leftOver(shared.runs, "desk-2|300|elsewhere", T0);
    const second = processOn(shared, 400, {
      now: () => new Date(now),
      alive: () => true,
      heartbeatMs: 40,
    });
    await second.resume();
    await new Promise((r) => setTimeout(r, 30));
    expect(shared.runs.runs.get("left")?.status).toBe("running");
    expect(shared.gateway.calls).toEqual([]);
    now = T0 + 121;
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
    expect(leaseOf(shared.runs)).toMatchObject({ pid: 100, instance: "i100" });
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
    const taken = { host: "desk-2", pid: 7, instance: "other", owner: "other.1" };
    shared.runs.locks.rows.set(SCRUB_LOCK, { name: SCRUB_LOCK, ...taken, heartbeatAt: T0 });
    release?.();
    await first.idle();
    expect(shared.runs.runs.get(run.id)?.status).toBe("running");
    expect((await shared.runs.rooms(run.id)).map((r) => r.step)).toEqual(["purged"]);
    expect(leaseOf(shared.runs)?.host).toBe("desk-2");
    expect(logs.lines.join("\n")).toContain("lost the scrub lease; pausing the run");
  });
});
