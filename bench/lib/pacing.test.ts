import { describe, expect, it } from "vitest";
import { parsePacings, pacingLabel } from "./pacing.ts";

const defaults = { stepEvents: 500, pauseFactor: 1, pageSize: 100 };

describe("bench/scrub --pacing", () => {
  it("reads step, pause and an optional page size per comma-separated item", () => {
    expect(parsePacings("500:1,0:0:500,250:0.5:50", defaults)).toEqual([
      { stepEvents: 500, pauseFactor: 1, pageSize: 100 },
      { stepEvents: 0, pauseFactor: 0, pageSize: 500 },
      { stepEvents: 250, pauseFactor: 0.5, pageSize: 50 },
    ]);
    expect(pacingLabel({ stepEvents: 0, pauseFactor: 0, pageSize: 500 })).toBe(
      "one purge per room, scan pages of 500, pause ×0",
    );
  });

  it("names the item that is not STEP:PAUSE[:PAGE]", () => {
    for (const bad of ["500", "x:1", "500:-1", "500:1:0", "500:1:100:9", "2.5:1"]) {
      expect(() => parsePacings(`0:0,${bad}`, defaults), bad).toThrow(`"${bad}"`);
    }
  });
});
