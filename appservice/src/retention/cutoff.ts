// The scrub cutoff: pure date arithmetic, no clock, no I/O.
//
// "Older than N days" means older than N × 24 hours of elapsed time, not N calendar days in
// some time zone: Matrix timestamps are epoch milliseconds (UTC), the appservice may run in any
// zone, and a calendar reading would make a message 23 or 25 hours "a day old" around a DST
// change. Elapsed time keeps the promise the same for every reader and every season.

/** Smallest and largest accepted `scrub_days`. */
export const SCRUB_DAYS_MIN = 1;
export const SCRUB_DAYS_MAX = 3650;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a `scrub_days` value is unacceptable, or undefined when it is fine (null = off). */
export function scrubDaysProblem(days: unknown): string | undefined {
  if (days === null) return undefined;
  if (typeof days !== "number" || !Number.isInteger(days)) {
    return "scrub_days must be null (off) or a whole number of days";
  }
  if (days < SCRUB_DAYS_MIN || days > SCRUB_DAYS_MAX) {
    return `scrub_days must be between ${SCRUB_DAYS_MIN} and ${SCRUB_DAYS_MAX} (or null for off), got ${days}`;
  }
  return undefined;
}

/**
 * The instant before which messages are scrubbed: `now` minus `days` × 24 h, or null when the
 * setting is off. Events with `origin_server_ts` strictly before it go; the cutoff itself stays.
 * @throws Error for an invalid `days` (see {@link scrubDaysProblem})
 */
export function scrubCutoff(now: Date, days: number | null): Date | null {
  const problem = scrubDaysProblem(days);
  if (problem !== undefined) throw new Error(problem);
  if (days === null) return null;
  return new Date(now.getTime() - days * DAY_MS);
}

/** `m.room.retention`'s `max_lifetime` (milliseconds) for a setting, null when off. */
export function retentionMaxLifetimeMs(days: number | null): number | null {
  return days === null ? null : days * DAY_MS;
}

/**
 * The `m.room.retention` content for a `max_lifetime` (ms), or for "no limit" when null:
 * `{"min_lifetime": 0}` rather than `{}`, because Synapse only records (and refreshes its cached
 * copy of) a policy naming one of the two keys; after an empty one, members would go on missing
 * messages older than the old limit until Synapse restarts. Clients read no `max_lifetime`:
 * nothing is deleted.
 */
export function retentionContent(maxLifetimeMs: number | null): Record<string, number> {
  return maxLifetimeMs === null ? { min_lifetime: 0 } : { max_lifetime: maxLifetimeMs };
}
