import { describe, expect, it } from "vitest";
import { kbitPerSecond, median, resultTable, summarise, type SfuPhase } from "./meetingSfu.ts";

const phase = (viewers: number, firstFrameMs: number[], bytes: number): SfuPhase => ({
  viewers,
  firstFrameMs,
  bytesBefore: 1_000,
  bytesAfter: 1_000 + bytes,
  windowMs: 10_000,
});

describe("meetings (SFU) benchmark arithmetic", () => {
  it("takes medians of odd and even counts, and refuses none", () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 20, 30])).toBe(25);
    expect(() => median([])).toThrow("median of no values");
  });

  it("turns bytes over a window into kbit/s and rejects nonsense windows", () => {
    expect(kbitPerSecond({ bytesBefore: 0, bytesAfter: 125_000, windowMs: 1_000 })).toBe(1_000);
    expect(() => kbitPerSecond({ bytesBefore: 0, bytesAfter: 1, windowMs: 0 })).toThrow(
      "window must be positive, got 0 ms",
    );
    expect(() => kbitPerSecond({ bytesBefore: 9, bytesAfter: 1, windowMs: 1 })).toThrow(
      "bytesSent went backwards (9 → 1)",
    );
  });

  it("compares the upload with five viewers to the upload with one", () => {
    const summary = summarise(
      phase(1, [300], 500_000),
      phase(5, [200, 400, 250, 900, 300], 550_000),
    );
    expect(summary.one).toEqual({ viewers: 1, kbps: 400, firstFrameMs: 300 });
    expect(summary.many).toEqual({ viewers: 5, kbps: 440, firstFrameP50: 300, firstFrameMax: 900 });
    expect(summary.ratio).toBeCloseTo(1.1);
    expect(resultTable(summary)).toContain("| 5 | 300 ms / 900 ms | 440 kbit/s |");
    expect(resultTable(summary)).toContain("**1.10**");
  });

  it("refuses a run where a viewer never saw a frame or nothing was sent", () => {
    expect(() => summarise(phase(1, [300], 1), phase(5, [1, 2, 3, 4], 1))).toThrow(
      "expected a first frame per viewer (1 and 5), got 1 and 4",
    );
    expect(() => summarise(phase(1, [300], 0), phase(5, [1, 2, 3, 4, 5], 1))).toThrow(
      "the presenter sent no video with one viewer",
    );
  });
});
