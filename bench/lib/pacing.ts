/** `--pacing` of bench/scrub.ts: scrub pacings to compare, and how a table names them. */
import type { ScrubPacing } from "../../appservice/src/retention/purgePacer.ts";

const FORM = "STEP_EVENTS:PAUSE_FACTOR[:PAGE_SIZE[:ROOMS_AT_ONCE[:LATENCY_LIMIT]]]";

/**
 * Parses `STEP_EVENTS:PAUSE_FACTOR[:PAGE_SIZE[:ROOMS_AT_ONCE[:LATENCY_LIMIT]]],…` (e.g.
 * `500:1:100,0:0:500:4:0`); missing ones are the defaults'.
 * @throws Error naming the item that is not in that form
 */
export function parsePacings(text: string, defaults: ScrubPacing): ScrubPacing[] {
  return text.split(",").map((item) => {
    const [step, pause, page, rooms, limit, extra] = item.split(":").map(Number);
    const positive = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n > 0);
    const valid =
      extra === undefined &&
      Number.isInteger(step) &&
      (step ?? -1) >= 0 &&
      (pause ?? -1) >= 0 &&
      positive(page) &&
      positive(rooms) &&
      (limit === undefined || limit >= 0);
    if (!valid) throw new Error(`--pacing: "${item}" is not ${FORM} (e.g. 500:1, 0:0:500:4:0)`);
    return {
      stepEvents: step ?? 0,
      pauseFactor: pause ?? 0,
      pageSize: page ?? defaults.pageSize,
      rooms: rooms ?? defaults.rooms,
      latencyLimit: limit ?? defaults.latencyLimit,
    };
  });
}

/** The `--pacing` item for `p` (the inverse of {@link parsePacings} for one pacing). */
export const pacingArg = (p: ScrubPacing): string =>
  [p.stepEvents, p.pauseFactor, p.pageSize, p.rooms, p.latencyLimit].join(":");

/** "purge steps of 500, pause ×1 after slow steps (> 2 × idle), 1 room at a time". */
export function pacingLabel(p: ScrubPacing): string {
  const steps = p.stepEvents === 0 ? "one purge per room" : `purge steps of ${p.stepEvents}`;
  const pause =
    p.latencyLimit === 0
      ? `pause ×${p.pauseFactor}`
      : `pause ×${p.pauseFactor} after slow steps (> ${p.latencyLimit} × idle)`;
  return `${steps}, ${pause}, ${p.rooms === 1 ? "1 room" : `${p.rooms} rooms`} at a time`;
}
