import { describe, expect, it } from "vitest";
import { parsePacings, pacingLabel } from "./pacing.ts";

const defaults = { stepEvents: 500, pauseFactor: 1, pageSize: 100, rooms: 1 };

describe("bench/scrub --pacing", () => {
  it("reads step, pause and optional page size and rooms at once per comma-separated item", () => {
    expect(parsePacings("500:1,0:0:500,250:0.5:50:4", defaults)).toEqual([
      { stepEvents: 500, pauseFactor: 1, pageSize: 100, rooms: 1 },
      { stepEvents: 0, pauseFactor: 0, pageSize: 500, rooms: 1 },
      { stepEvents: 250, pauseFactor: 0.5, pageSize: 50, rooms: 4 },
    ]);
    expect(pacingLabel({ stepEvents: 0, pauseFactor: 0, pageSize: 500, rooms: 4 })).toBe(
      "one purge per room, pause ×0, 4 rooms at a time",
    );
    expect(pacingLabel(defaults)).toBe("purge steps of 500, pause ×1, 1 room at a time");
  });

  it("names the item that is not STEP:PAUSE[:PAGE[:ROOMS]]", () => {
    for (const bad of [
      "500",
      "x:1",
      "500:-1",
      "500:1:0",
      "500:1:100:0",
      "500:1:100:2:9",
      "2.5:1",
    ]) {
      expect(() => parsePacings(`0:0,${bad}`, defaults), bad).toThrow(`"${bad}"`);
    }
  });
});
