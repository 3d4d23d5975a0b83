/**
 * Keeps one child of `npm start` running: when it exits unexpectedly it is started again the way
 * it was first started (so it is ready, e.g. Synapse answering, before it counts as back), with
 * the backoff of restartPolicy.ts, until the policy gives up on a crash loop.
 */
import {
  decideRestart,
  DEFAULT_RESTART_POLICY,
  NO_CRASHES,
  type RestartDecision,
  type RestartPolicy,
} from "./restartPolicy.ts";
import type { SupervisedProcess } from "./supervisedProcess.ts";

/** A child under supervision. */
export type Supervised<P extends SupervisedProcess> = {
  name: string;
  /** The child running now (the first one until a restart). */
  current(): P;
  /** How many times the child has been restarted. */
  restarts(): number;
  /**
   * No more restarts from now on, without stopping the child yet: Ctrl-C reaches every child
   * of the terminal at once, and one exiting before its turn to be stopped is not a crash.
   */
  halt(): void;
  /** Stops the child and any pending restart. Idempotent. */
  stop(): Promise<void>;
};

/** What the supervisor tells its owner. */
export type SupervisorHooks = {
  say(line: string): void;
  /** After each successful restart (the owner rewrites the restart counts). */
  onRestarted(): void;
  /** The policy gave up: `message` says what crashed, how often, where the log is, what to do. */
  onGiveUp(message: string): void;
  policy?: RestartPolicy;
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

/** Watches `first` and restarts it with `start` whenever it exits while not being stopped. */
export function supervise<P extends SupervisedProcess>(
  name: string,
  logFile: string,
  first: P,
  start: () => Promise<P>,
  hooks: SupervisorHooks,
): Supervised<P> {
  const policy = hooks.policy ?? DEFAULT_RESTART_POLICY;
  let proc = first;
  let restarts = 0;
  let history = NO_CRASHES;
  let stopping = false;
  let starting: Promise<unknown> | undefined;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const giveUp = (decision: Extract<RestartDecision, { action: "give_up" }>) =>
    hooks.onGiveUp(
      `${name} crashed ${decision.crashes} times within ${seconds(decision.withinMs)}; ` +
        `giving up and stopping everything.\n  log: ${logFile}\n` +
        `  → Read the end of that log for the cause, fix it, then run npm start again.`,
    );

  /** Restarts after `decision`, retrying failed starts; false when stopping or given up. */
  async function restart(decision: RestartDecision): Promise<boolean> {
    for (;;) {
      history = decision.history;
      if (decision.action === "give_up") {
        giveUp(decision);
        return false;
      }
      hooks.say(
        `restarting ${name} in ${seconds(decision.delayMs)} (attempt ${decision.attempt})…`,
      );
      await pause(decision.delayMs);
      if (stopping) return false;
      try {
        const attempt = start();
        starting = attempt.catch(() => undefined);
        proc = await attempt;
        restarts += 1;
        hooks.say(`${name} is running again (restart ${restarts})`);
        hooks.onRestarted();
        return !stopping;
      } catch (error) {
        if (stopping) return false;
        const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
        hooks.say(`${name} failed to restart: ${why}`);
        decision = decideRestart(history, { exitedAt: Date.now(), uptimeMs: 0 }, policy);
      }
    }
  }

  void (async () => {
    for (;;) {
      const exit = await proc.exited;
      if (stopping) return;
      const now = Date.now();
      const uptimeMs = now - proc.startedAt;
      hooks.say(`${name} exited (${describeExit(exit)}) after ${seconds(uptimeMs)} up`);
      if (!(await restart(decideRestart(history, { exitedAt: now, uptimeMs }, policy)))) return;
    }
  })();

  function halt(): void {
    stopping = true;
    wake?.();
  }

  return {
    name,
    current: () => proc,
    restarts: () => restarts,
    halt,
    async stop() {
      halt();
      await starting;
      await proc.stop();
    },
  };
}
