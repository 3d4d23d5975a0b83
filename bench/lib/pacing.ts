/** `--pacing` of bench/scrub.ts: scrub pacings to compare, and how a table names them. */
import type { ScrubPacing } from "../../appservice/src/retention/scrubRunner.ts";

/**
 * Parses `STEP_EVENTS:PAUSE_FACTOR[:PAGE_SIZE],…` (e.g. `500:1:100,0:0:500`); a missing page
 * size is `defaults.pageSize`.
 * @throws Error naming the item that is not in that form
 */
export function parsePacings(text: string, defaults: ScrubPacing): ScrubPacing[] {
  return text.split(",").map((item) => {
    const [step, pause, page, extra] = item.split(":").map(Number);
    const valid =
      extra === undefined &&
      Number.isInteger(step) &&
      (step ?? -1) >= 0 &&
      (pause ?? -1) >= 0 &&
      (page === undefined || (Number.isInteger(page) && page > 0));
    if (!valid) {
      throw new Error(
        `--pacing: "${item}" is not STEP_EVENTS:PAUSE_FACTOR[:PAGE_SIZE] (e.g. 500:1, 0:0:500)`,
      );
    }
    return { stepEvents: step ?? 0, pauseFactor: pause ?? 0, pageSize: page ?? defaults.pageSize };
  });
}

/** "purge steps of 500, scan pages of 100, pause ×1". */
export const pacingLabel = (p: ScrubPacing): string =>
  `${p.stepEvents === 0 ? "one purge per room" : `purge steps of ${p.stepEvents}`}, scan pages of ${p.pageSize}, pause ×${p.pauseFactor}`;
