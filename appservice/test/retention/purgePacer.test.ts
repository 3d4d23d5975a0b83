import { describe, expect, it } from "vitest";
import {
  eventsInStep,
  makePurgeRate,
  makeSlots,
  MAX_POLL_MS,
  median,
  MIN_POLL_MS,
  nextPollDelay,
  wasSlow,
} from "../../src/retention/purgePacer.ts";

describe("purge pacing", () => {
  it("polls a purge once early, shortly before it is due, then every tenth of the time spent", () => {
    // The first poll samples Synapse while the purge runs.
    expect(nextPollDelay(0, 400, 0)).toBe(MIN_POLL_MS);
    // Expected to take 400 ms: the next poll at 360 ms.
    expect(nextPollDelay(25, 400, 1)).toBe(MAX_POLL_MS);
    expect(nextPollDelay(300, 400, 2)).toBeCloseTo(60);
    // Overdue (or no estimate): a tenth of the time so far, within the bounds.
    expect(nextPollDelay(360, 400, 3)).toBeCloseTo(36);
    expect(nextPollDelay(25, undefined, 1)).toBe(MIN_POLL_MS);
    expect(nextPollDelay(500, undefined, 5)).toBe(50);
    expect(nextPollDelay(60_000, undefined, 9)).toBe(MAX_POLL_MS);
    // Almost due: not closer than the minimum.
    expect(nextPollDelay(355, 400, 2)).toBe(MIN_POLL_MS);
  });

  it("counts a step as slow when its median answer exceeds the limit × the baseline", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(wasSlow([20, 25, 900], 10, 2)).toBe(true); // median 25 > 20
    expect(wasSlow([15, 19, 900], 10, 2)).toBe(false); // one slow answer is noise
    expect(wasSlow([], 10, 2)).toBe(false); // finished before the first poll
    expect(wasSlow([1], 10, 0)).toBe(true); // limit 0: every step
    // A tiny baseline is raised to 5 ms, so 1 ms → 3 ms is not "3 × slower".
    expect(wasSlow([3, 4], 1, 2)).toBe(false);
    expect(wasSlow([11, 12], 1, 2)).toBe(true);
  });

  it("learns milliseconds per event, recent purges weighing more", () => {
    const rate = makePurgeRate();
    expect(rate.expectedMs(1000)).toBeUndefined();
    rate.record(1000, 400);
    expect(rate.expectedMs(500)).toBeCloseTo(200);
    rate.record(1000, 800); // the server got busier
    expect(rate.expectedMs(1000)).toBeCloseTo(600);
    rate.record(0, 50); // nothing to learn from
    rate.record(10, 0);
    expect(rate.expectedMs(1000)).toBeCloseTo(600);
    expect(rate.expectedMs(0)).toBeUndefined();
  });

  it("knows how many events the next step purges", () => {
    expect(eventsInStep(2500, 0, 0)).toBe(2500); // one purge per room
    expect(eventsInStep(300, 500, 0)).toBe(300); // fewer than a step
    expect(eventsInStep(1200, 500, 2)).toBe(500);
    expect(eventsInStep(1200, 500, 0)).toBe(200); // the last step: the rest
    expect(eventsInStep(1000, 500, 0)).toBe(500);
  });

  it("runs at most `size` tasks at once, the others in the order they asked", async () => {
    const inSlot = makeSlots(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) =>
      inSlot(async () => {
        most = Math.max(most, ++running);
        order.push(n);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
        return n;
      });
    expect(await Promise.all([1, 2, 3, 4, 5].map(task))).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    // A failing task frees its slot.
    const failing = makeSlots(1);
    await expect(failing(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await failing(() => Promise.resolve("next"))).toBe("next");
  });
});
