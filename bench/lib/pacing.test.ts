import { describe, expect, it } from "vitest";
import { pacingArg, parsePacings, pacingLabel } from "./pacing.ts";

const defaults = { stepEvents: 500, pauseFactor: 1, pageSize: 100, rooms: 1, latencyLimit: 2 };

describe("bench/scrub --pacing", () => {
  it("reads step, pause and optional page size, rooms at once and latency limit per item", () => {
    expect(parsePacings("500:1,0:0:500,250:0.5:50:4,2500:0.5:100:1:0", defaults)).toEqual([
      { stepEvents: 500, pauseFactor: 1, pageSize: 100, rooms: 1, latencyLimit: 2 },
      { stepEvents: 0, pauseFactor: 0, pageSize: 500, rooms: 1, latencyLimit: 2 },
      { stepEvents: 250, pauseFactor: 0.5, pageSize: 50, rooms: 4, latencyLimit: 2 },
      { stepEvents: 2500, pauseFactor: 0.5, pageSize: 100, rooms: 1, latencyLimit: 0 },
    ]);
    expect(
      pacingLabel({ stepEvents: 0, pauseFactor: 0, pageSize: 500, rooms: 4, latencyLimit: 0 }),
    ).toBe("one purge per room, pause ×0, 4 rooms at a time");
    expect(parsePacings(pacingArg(defaults), defaults)).toEqual([defaults]);
    expect(pacingLabel(defaults)).toBe(
      "purge steps of 500, pause ×1 after slow steps (> 2 × idle), 1 room at a time",
    );
  });

  it("names the item that is not STEP:PAUSE[:PAGE[:ROOMS[:LIMIT]]]", () => {
    for (const bad of [
      "500",
      "x:1",
      "500:-1",
      "500:1:0",
      "500:1:100:0",
      "500:1:100:2:-1",
      "500:1:100:2:2:9",
      "2.5:1",
    ]) {
      expect(() => parsePacings(`0:0,${bad}`, defaults), bad).toThrow(`"${bad}"`);
    }
  });
});
