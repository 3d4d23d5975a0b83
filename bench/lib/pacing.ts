/** `--pacing` of bench/scrub.ts: scrub pacings to compare, and how a table names them. */
import type { ScrubPacing } from "../../appservice/src/retention/scrubRunner.ts";

/**
 * Parses `STEP_EVENTS:PAUSE_FACTOR[:PAGE_SIZE[:ROOMS_AT_ONCE]],…` (e.g. `500:1:100,0:0:500:4`);
 * missing ones are the defaults'.
 * @throws Error naming the item that is not in that form
 */
export function parsePacings(text: string, defaults: ScrubPacing): ScrubPacing[] {
  return text.split(",").map((item) => {
    const [step, pause, page, rooms, extra] = item.split(":").map(Number);
    const positive = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n > 0);
    const valid =
      extra === undefined &&
      Number.isInteger(step) &&
      (step ?? -1) >= 0 &&
      (pause ?? -1) >= 0 &&
      positive(page) &&
      positive(rooms);
    if (!valid) {
      throw new Error(
        `--pacing: "${item}" is not STEP_EVENTS:PAUSE_FACTOR[:PAGE_SIZE[:ROOMS_AT_ONCE]] (e.g. 500:1, 0:0:500:4)`,
      );
    }
    return {
      stepEvents: step ?? 0,
      pauseFactor: pause ?? 0,
      pageSize: page ?? defaults.pageSize,
      rooms: rooms ?? defaults.rooms,
    };
  });
}

/** "purge steps of 500, pause ×1, 1 room at a time". */
export const pacingLabel = (p: ScrubPacing): string =>
  `${p.stepEvents === 0 ? "one purge per room" : `purge steps of ${p.stepEvents}`}, pause ×${p.pauseFactor}, ${p.rooms === 1 ? "1 room" : `${p.rooms} rooms`} at a time`;
