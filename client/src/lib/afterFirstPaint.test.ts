import { afterEach, describe, expect, it, vi } from "vitest";
import { afterFirstPaint } from "./afterFirstPaint.ts";

describe("afterFirstPaint", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("falls back to timers and animation frames without paint timing, running once", () => {
    vi.useFakeTimers();
    const task = vi.fn();
    afterFirstPaint(task, 100);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(task).toHaveBeenCalledTimes(1);
  });
});
