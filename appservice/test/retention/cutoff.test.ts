import { describe, expect, it } from "vitest";
import {
  retentionMaxLifetimeMs,
  scrubCutoff,
  scrubDaysProblem,
} from "../../src/retention/cutoff.ts";

const DAY = 86_400_000;

describe("scrubCutoff", () => {
  it("is null when the scrub is off", () => {
    expect(scrubCutoff(new Date("2026-03-01T12:00:00Z"), null)).toBeNull();
  });

  it("is exactly 24 hours back for N = 1", () => {
    expect(scrubCutoff(new Date("2026-03-01T12:00:00.250Z"), 1)).toEqual(
      new Date("2026-02-28T12:00:00.250Z"),
    );
  });

  it("counts elapsed time across a DST change, not calendar days", () => {
    // Europe/London springs forward on 2026-03-29: a calendar reading would give 23 hours.
    const now = new Date("2026-03-29T12:00:00+01:00");
    expect(scrubCutoff(now, 1)?.toISOString()).toBe("2026-03-28T11:00:00.000Z");
    // And falls back on 2026-10-25 (25 calendar hours); still 7 × 24 h for a week.
    const autumn = new Date("2026-10-30T09:00:00Z");
    expect(autumn.getTime() - (scrubCutoff(autumn, 7)?.getTime() ?? 0)).toBe(7 * DAY);
  });

  it("is the same instant whatever the zone the time was written in", () => {
    const utc = scrubCutoff(new Date("2026-06-15T00:30:00Z"), 30);
    const tokyo = scrubCutoff(new Date("2026-06-15T09:30:00+09:00"), 30);
    const newYork = scrubCutoff(new Date("2026-06-14T20:30:00-04:00"), 30);
    expect(tokyo).toEqual(utc);
    expect(newYork).toEqual(utc);
    expect(utc?.toISOString()).toBe("2026-05-16T00:30:00.000Z");
  });

  it("accepts the upper bound and refuses anything outside 1–3650 or not whole", () => {
    expect(scrubCutoff(new Date(Date.UTC(2030, 0, 1)), 3650)?.getTime()).toBe(
      Date.UTC(2030, 0, 1) - 3650 * DAY,
    );
    expect(() => scrubCutoff(new Date(), 0)).toThrow(/between 1 and 3650/);
    expect(() => scrubCutoff(new Date(), 3651)).toThrow(/between 1 and 3650/);
    expect(() => scrubCutoff(new Date(), 1.5)).toThrow(/whole number/);
  });
});

describe("scrubDaysProblem", () => {
  it("names what is wrong", () => {
    expect(scrubDaysProblem(null)).toBeUndefined();
    expect(scrubDaysProblem(7)).toBeUndefined();
    expect(scrubDaysProblem("7")).toMatch(/scrub_days must be null \(off\) or a whole number/);
    expect(scrubDaysProblem(-1)).toMatch(/got -1/);
  });
});

describe("retentionMaxLifetimeMs", () => {
  it("is N days in milliseconds, null when off", () => {
    expect(retentionMaxLifetimeMs(1)).toBe(DAY);
    expect(retentionMaxLifetimeMs(30)).toBe(30 * DAY);
    expect(retentionMaxLifetimeMs(null)).toBeNull();
  });
});
