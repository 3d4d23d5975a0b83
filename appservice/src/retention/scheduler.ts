// Runs the scrub on a timer while it is enabled (LibChat's promise: nothing survives more than
// about a day past its cutoff, so at least hourly), after resuming whatever a previous process
// left unfinished.
import type { Logger } from "../observability/logger.ts";
import type { ScrubRunStore, SettingsStore } from "./ports.ts";
import { ScrubBusyError, type ScrubService } from "./scrubService.ts";

/** Handle on a running scheduler. */
export interface ScrubScheduler {
  /** One check now: resume, else start a run when enabled and nothing runs. */
  tick(): Promise<void>;
  /** Stops the timer (the service's own stop pauses a run). */
  stop(): void;
}

/**
 * Starts the timer: a check at once, then every `intervalMinutes` (0 = no timer; Run now and
 * start-up resume still work). A check starts a run only when the last one began at least an
 * interval ago, so restarting the appservice does not start a run each time.
 */
export function startScrubScheduler(
  service: ScrubService,
  stores: { settings: SettingsStore; runs: Pick<ScrubRunStore, "recent"> },
  options: { intervalMinutes: number; log: Logger },
): ScrubScheduler {
  const intervalMs = options.intervalMinutes * 60_000;
  // One check at a time; a tick during a check waits for that check instead of starting one.
  let inFlight: Promise<void> | undefined;
  const check = async () => {
    try {
      await service.resume();
      await service.idle();
      if ((await stores.settings.getScrubDays()) === null || intervalMs <= 0) return;
      const [last] = await stores.runs.recent(1);
      if (last !== undefined && Date.now() - last.startedAt.getTime() < intervalMs) return;
      await service.start("schedule", null);
    } catch (error) {
      if (!(error instanceof ScrubBusyError)) {
        options.log.warn("scheduled scrub check failed", { error });
      }
    }
  };
  const tick = (): Promise<void> =>
    (inFlight ??= check().finally(() => {
      inFlight = undefined;
    }));
  const timer = intervalMs > 0 ? setInterval(() => void tick(), intervalMs) : undefined;
  timer?.unref();
  void tick();
  return {
    tick,
    stop: () => clearInterval(timer),
  };
}
