import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  decideTakeover,
  formatHolder,
  holderIsGone,
  parseHolder,
  processExists,
  processIdentity,
  type LockRow,
  type TakeoverContext,
} from "../../src/locks/lockDecision.ts";

const SELF = { host: "desk-1", pid: 100, instance: "me" };
const T = 1_000_000;
const ctx = (over: Partial<TakeoverContext> = {}): TakeoverContext => ({
  self: SELF,
  ownOwner: undefined,
  now: T,
  staleMs: 15_000,
  processExists: (pid) => pid === 100 || pid === 200,
  ...over,
});
const row = (over: Partial<LockRow>): LockRow => ({
  name: "membership-sync",
  host: "desk-1",
  pid: 200,
  instance: "other",
  owner: "other.1",
  heartbeatAt: T - 1_000,
  ...over,
});

describe("decideTakeover", () => {
  it("takes a free lock, and our own hold again", () => {
    expect(decideTakeover(undefined, ctx())).toEqual({ take: true, reason: "free" });
    const ours = row({ pid: 100, instance: "me", owner: "me.1" });
    expect(decideTakeover(ours, ctx({ ownOwner: "me.1" }))).toEqual({ take: true, reason: "ours" });
  });

  it("respects a live holder on this machine with a fresh heartbeat", () => {
    expect(decideTakeover(row({}), ctx())).toEqual({ take: false, reason: "held" });
  });

  it("takes at once from a holder on this machine whose process is gone", () => {
    const dead = row({ pid: 300, heartbeatAt: T });
    expect(decideTakeover(dead, ctx())).toEqual({ take: true, reason: "holder-gone" });
  });

  it("takes at once from an earlier process that had our process ID", () => {
    const earlier = row({ pid: 100, instance: "before-restart", heartbeatAt: T });
    expect(decideTakeover(earlier, ctx())).toEqual({ take: true, reason: "holder-restarted" });
  });

  it("respects another hold in this very process until its heartbeat is stale", () => {
    const sibling = row({ pid: 100, instance: "me", owner: "me.2" });
    expect(decideTakeover(sibling, ctx({ ownOwner: "me.1" }))).toEqual({
      take: false,
      reason: "held",
    });
    expect(decideTakeover({ ...sibling, heartbeatAt: T - 15_001 }, ctx()).reason).toBe("stale");
  });

  it("respects another machine's fresh heartbeat, takes a stale one", () => {
    const far = row({ host: "desk-2", pid: 300 });
    expect(decideTakeover(far, ctx())).toEqual({ take: false, reason: "held" });
    expect(decideTakeover({ ...far, heartbeatAt: T - 15_000 }, ctx()).take).toBe(false);
    expect(decideTakeover({ ...far, heartbeatAt: T - 15_001 }, ctx())).toEqual({
      take: true,
      reason: "stale",
    });
  });

  it("takes a live local process's lock whose heartbeat stopped (a reused process ID)", () => {
    expect(decideTakeover(row({ heartbeatAt: T - 60_000 }), ctx()).reason).toBe("stale");
  });
});

describe("holders", () => {
  it("call a holder gone only when it ran here and is dead, or ran under our ID before us", () => {
    const alive = (pid: number) => pid === 200;
    expect(holderIsGone({ ...SELF, pid: 300, instance: "old" }, SELF, alive)).toBe(true);
    expect(holderIsGone({ ...SELF, pid: 200, instance: "live" }, SELF, alive)).toBe(false);
    expect(holderIsGone({ host: "desk-2", pid: 300, instance: "x" }, SELF, alive)).toBe(false);
    expect(holderIsGone({ ...SELF, instance: "before" }, SELF, alive)).toBe(true);
    expect(holderIsGone(SELF, SELF, alive)).toBe(false);
  });

  it("round-trip as host|pid|instance and reject anything else", () => {
    const holder = { host: "desk-1", pid: 4242, instance: "a1b2c3d4" };
    expect(formatHolder(holder)).toBe("desk-1|4242|a1b2c3d4");
    expect(parseHolder("desk-1|4242|a1b2c3d4")).toEqual(holder);
    expect(parseHolder(formatHolder({ ...holder, host: "a|b" }))).toMatchObject({ host: "a_b" });
    for (const bad of ["scrub-12-ab", "h|0|x", "h|12", "|12|x", "h|1x|y"]) {
      expect(parseHolder(bad), bad).toBeUndefined();
    }
  });

  it("know this process: the same identity each time, with its process ID", () => {
    expect(processIdentity()).toBe(processIdentity());
    expect(processIdentity()).toMatchObject({ pid: process.pid });
    expect(processIdentity().instance).toMatch(/^[0-9a-f]{12}$/);
  });

  it("ask the kernel whether a process exists", () => {
    expect(processExists(process.pid)).toBe(true);
    const exited = spawnSync(process.execPath, ["-e", ""]).pid;
    expect(exited).toBeGreaterThan(0);
    expect(processExists(exited ?? 0)).toBe(false);
  });
});
