import { describe, expect, it } from "vitest";
import { placeNear } from "./floating.ts";

const viewport = { width: 1000, height: 800 };
const size = { width: 300, height: 200 };

describe("placeNear", () => {
  it("puts the popover below the button, right-aligned, when it fits", () => {
    expect(placeNear({ top: 100, bottom: 130, right: 900 }, size, viewport)).toEqual({
      top: 134,
      left: 600,
    });
  });

  it("goes above a button near the bottom of the window", () => {
    expect(placeNear({ top: 700, bottom: 730, right: 900 }, size, viewport)).toEqual({
      top: 496,
      left: 600,
    });
  });

  it("stays inside the window on a narrow screen", () => {
    const placed = placeNear({ top: 100, bottom: 130, right: 120 }, size, {
      width: 320,
      height: 800,
    });
    expect(placed.left).toBe(8);
  });

  it("takes the roomier side and is clamped when it fits on neither", () => {
    const tall = { width: 300, height: 700 };
    const placed = placeNear({ top: 300, bottom: 330, right: 900 }, tall, viewport);
    expect(placed.top).toBeGreaterThanOrEqual(8);
    expect(placed.top + tall.height).toBeLessThanOrEqual(800 - 8 + 0.5);
  });
});
