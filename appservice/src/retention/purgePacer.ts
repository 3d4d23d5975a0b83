// How a scrub run spares live chat while purging, pure apart from the clock it is given:
//   - a purge slot: at most `rooms` purges (or history reads) run in Synapse at once, while
//     one more room is planned meanwhile, so Synapse never waits for the appservice between
//     two purges;
//   - the latency guard: Synapse's answers to the purge status polls during a step, compared
//     with its answers before the run, decide whether the step is followed by a pause. On
//     PostgreSQL a purge of one room leaves live messages (other connections) about as fast
//     as before, so no pause is needed; on SQLite every purge holds the only connection and
//     the status polls wait behind it, so every step is followed by one;
//   - polling when a purge is due: once early (the guard's sample while the purge runs), then
//     shortly before the expected end, which comes from the purges already done in the run
//     (milliseconds per event), so a finished purge is noticed within a few percent of its
//     duration instead of up to a fixed poll interval later.

/** How a run spares live chat. */
export type ScrubPacing = {
  /** Events read per Admin API page when a room's history is read into the ledger (a
   * 500-event page holds Synapse's SQLite database for about 0.6 s on a busy 2-core machine;
   * 100 for about a fifth of that). */
  pageSize: number;
  /** Old events removed per purge step (0: the whole old prefix in one purge). */
  stepEvents: number;
  /** After each history page and each slow purge step, pause this many times as long as it
   * took (0: none). */
  pauseFactor: number;
  /** Purges (or history reads) running in Synapse at once (1: one room at a time). */
  rooms: number;
  /**
   * A step is slow when Synapse's median answer to the status polls during it took more than
   * this many times its answer before the run (0: every step counts as slow, so every step is
   * followed by a pause).
   */
  latencyLimit: number;
};

/** The defaults (bench/scrub.ts measures them against others; docs/benchmarks.md). */
export const DEFAULT_PACING: ScrubPacing = {
  pageSize: 100,
  stepEvents: 500,
  pauseFactor: 0.5,
  rooms: 1,
  latencyLimit: 2,
};

/** The pacing of a config's `retention` section (the rest from {@link DEFAULT_PACING}). */
export function pacingFromConfig(retention: {
  purge_step_events: number;
  purge_pause_factor: number;
  purge_rooms_at_once: number;
  purge_latency_limit: number;
}): ScrubPacing {
  return {
    ...DEFAULT_PACING,
    stepEvents: retention.purge_step_events,
    pauseFactor: retention.purge_pause_factor,
    rooms: retention.purge_rooms_at_once,
    latencyLimit: retention.purge_latency_limit,
  };
}

/** Longest pause after one step, however long the step took. */
export const MAX_PAUSE_MS = 10_000;

/** Status polls are never closer than this (ms). */
export const MIN_POLL_MS = 20;
/** …nor further apart than this (ms), however long a purge runs. */
export const MAX_POLL_MS = 100;

/**
 * How long to wait before the next purge status poll.
 * @param elapsedMs time since the purge started
 * @param expectedMs how long it is expected to take (undefined: no estimate yet)
 * @param polls status polls made so far for this purge
 */
export function nextPollDelay(
  elapsedMs: number,
  expectedMs: number | undefined,
  polls: number,
): number {
  // The first poll comes early, while the purge runs: its answer time is what the latency
  // guard judges the step by (one that waited for the purge to end would say nothing).
  if (polls === 0) return MIN_POLL_MS;
  // Then, before the expected end: wake a little before it. After it (or without an
  // estimate): poll every tenth of the time spent so far, so the delay noticed stays ~10 %.
  const dueIn = expectedMs === undefined ? 0 : 0.9 * expectedMs - elapsedMs;
  const delay = dueIn > 0 ? dueIn : 0.1 * elapsedMs;
  return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, delay));
}

/** The median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Synapse's answer times are compared with a baseline of at least this (ms): below it, noise. */
export const MIN_BASELINE_MS = 5;

/**
 * Whether a step slowed Synapse down: the median of its answers during the step is more than
 * `limit` × the baseline (its answers before the run). A limit of 0 counts every step as slow
 * (pause after each); a step without answers (it finished before the first poll) is not slow.
 */
export function wasSlow(answersMs: readonly number[], baselineMs: number, limit: number): boolean {
  if (limit === 0) return true;
  if (answersMs.length === 0) return false;
  return median(answersMs) > limit * Math.max(baselineMs, MIN_BASELINE_MS);
}

/** Learns how long purges take per event from the ones done so far in a run. */
export function makePurgeRate() {
  let msPerEvent: number | undefined;
  return {
    /** Expected duration of a purge of `events` events (undefined before the first one). */
    expectedMs(events: number): number | undefined {
      return msPerEvent === undefined || events <= 0 ? undefined : msPerEvent * events;
    },
    /** Records a finished purge; recent purges weigh more (the server's load changes). */
    record(events: number, ms: number): void {
      if (events <= 0 || !(ms > 0)) return;
      const rate = ms / events;
      msPerEvent = msPerEvent === undefined ? rate : 0.5 * msPerEvent + 0.5 * rate;
    },
  };
}

/**
 * Events purged by the next step of a room with `events` old events in steps of `stepEvents`
 * (0: one purge), when `stepsLeft` intermediate boundaries remain before the final one.
 */
export function eventsInStep(events: number, stepEvents: number, stepsLeft: number): number {
  if (stepEvents === 0 || events <= stepEvents) return events;
  if (stepsLeft > 0) return stepEvents;
  return events % stepEvents === 0 ? stepEvents : events % stepEvents;
}

/** At most `size` tasks run at once; the others wait in the order they asked. */
export function makeSlots(size: number) {
  let free = Math.max(1, size);
  const waiting: (() => void)[] = [];
  return async function inSlot<T>(task: () => Promise<T>): Promise<T> {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) free++;
      else next();
    }
  };
}
