import { describe, expect, it } from "vitest";
import {
  decideRestart,
  DEFAULT_RESTART_POLICY,
  NO_CRASHES,
  type CrashHistory,
  type RestartDecision,
} from "../lib/restartPolicy.ts";

/** Feeds exits (time, uptime) through the policy, returning every decision. */
function run(exits: [number, number][]): RestartDecision[] {
  let history: CrashHistory = NO_CRASHES;
  return exits.map(([exitedAt, uptimeMs]) => {
    const decision = decideRestart(history, { exitedAt, uptimeMs });
    history = decision.history;
    return decision;
  });
}

describe("decideRestart", () => {
  it("waits 1 s, then doubles the delay while the child keeps crashing", () => {
    // Crashes 40 s apart: at most 3 in any 2-minute window, so never a give-up.
    const decisions = run(Array.from({ length: 8 }, (_, i) => [i * 40_000, 5_000]));
    expect(decisions.map((d) => (d.action === "restart" ? d.delayMs : d.action))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(decisions.map((d) => (d.action === "restart" ? d.attempt : 0))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  });

  it("starts the backoff again after a child ran for the stable period", () => {
    const decisions = run([
      [0, 1_000],
      [40_000, 1_000],
      [200_000, DEFAULT_RESTART_POLICY.stableMs],
    ]);
    expect(decisions.map((d) => (d.action === "restart" ? d.delayMs : d.action))).toEqual([
      1_000, 2_000, 1_000,
    ]);
  });

  it("gives up at the fifth crash within two minutes, saying how many and over how long", () => {
    const decisions = run([
      [0, 100],
      [2_000, 100],
      [5_000, 100],
      [10_000, 100],
      [19_000, 100],
    ]);
    expect(decisions.slice(0, 4).every((d) => d.action === "restart")).toBe(true);
    expect(decisions[4]).toMatchObject({ action: "give_up", crashes: 5, withinMs: 19_000 });
  });

  it("forgets crashes older than the window", () => {
    const decisions = run([
      [0, 100],
      [1_000, 100],
      [2_000, 100],
      [3_000, 100],
      [130_000, 100],
    ]);
    expect(decisions.every((d) => d.action === "restart")).toBe(true);
    expect(decisions[4]?.history.exits).toEqual([130_000]);
  });
});
