/**
 * When `npm start` restarts a child that died, and when it stops trying. Pure: the supervisor
 * (supervisor.ts) feeds it exit times and acts on its answer.
 */

/** Backoff and crash-loop limits. */
export type RestartPolicy = {
  /** Delay before the first restart; each further restart doubles it. */
  initialDelayMs: number;
  /** The longest delay between restarts. */
  maxDelayMs: number;
  /** A child that ran this long before exiting was stable: its backoff starts again at the initial delay. */
  stableMs: number;
  /** This many exits within `crashWindowMs` means a crash loop: give up. */
  crashLimit: number;
  crashWindowMs: number;
};

/** `npm start`'s policy: 1 s doubling to 30 s, reset after a minute up, give up at 5 crashes in 2 minutes. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  stableMs: 60_000,
  crashLimit: 5,
  crashWindowMs: 120_000,
};

/** What the policy remembers about one child between exits. */
export type CrashHistory = {
  /** Exit times (ms) still inside the crash window. */
  exits: number[];
  /** Restarts since the child was last stable (drives the backoff). */
  attempt: number;
};

/** A child's history before its first exit. */
export const NO_CRASHES: CrashHistory = { exits: [], attempt: 0 };

/** The policy's answer to one exit. */
export type RestartDecision =
  | { action: "restart"; attempt: number; delayMs: number; history: CrashHistory }
  | { action: "give_up"; crashes: number; withinMs: number; history: CrashHistory };

/** Decides what to do about a child that exited at `exitedAt` after running `uptimeMs`. */
export function decideRestart(
  history: CrashHistory,
  exit: { exitedAt: number; uptimeMs: number },
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): RestartDecision {
  const exits = [
    ...history.exits.filter((at) => exit.exitedAt - at < policy.crashWindowMs),
    exit.exitedAt,
  ];
  if (exits.length >= policy.crashLimit) {
    return {
      action: "give_up",
      crashes: exits.length,
      withinMs: exit.exitedAt - (exits[0] ?? exit.exitedAt),
      history: { exits, attempt: history.attempt },
    };
  }
  const attempt = exit.uptimeMs >= policy.stableMs ? 1 : history.attempt + 1;
  const delayMs = Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return { action: "restart", attempt, delayMs, history: { exits, attempt } };
}
