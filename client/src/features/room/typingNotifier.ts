/**
 * When to tell the server that the person is typing (`m.typing`), as Element does: "typing"
 * on the first keystroke with a server-side timeout, refreshed before that timeout runs out
 * while typing goes on, and "stopped" after a pause, on send, when the field is emptied and when
 * the chat closes. Pure timing over an injected sender and clock, so it is unit-tested.
 */

/** How long the server shows "typing" after one notification. */
export const TYPING_TIMEOUT_MS = 30_000;
/** Typing on this long after a notification sends a fresh one (before the timeout ends). */
export const TYPING_REFRESH_MS = 20_000;
/** A pause this long counts as stopped. */
export const TYPING_IDLE_MS = 5_000;

/** What the composer tells the notifier. */
export interface TypingNotifier {
  /** The field changed; `empty` when nothing is left in it. */
  input(empty: boolean): void;
  /** Sent, cancelled or closed: not typing any more. */
  stop(): void;
}

/** The timers the notifier uses (the browser's by default; fakes in tests). */
export type TypingClock = {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

const browserClock: TypingClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * @param send - sends one typing notification; failures are the sender's to log (typing is a
 *   courtesy: it never gets in the way of writing)
 * @param clock - timers
 * @returns a {@link TypingNotifier}
 */
export function createTypingNotifier(
  send: (typing: boolean, timeoutMs: number) => void,
  clock: TypingClock = browserClock,
): TypingNotifier {
  let sentAt: number | undefined;
  let idle: unknown;
  const stop = (): void => {
    if (idle !== undefined) clock.clearTimeout(idle);
    idle = undefined;
    if (sentAt === undefined) return;
    sentAt = undefined;
    send(false, 0);
  };
  return {
    input(empty) {
      if (empty) return stop();
      const now = clock.now();
      if (sentAt === undefined || now - sentAt >= TYPING_REFRESH_MS) {
        sentAt = now;
        send(true, TYPING_TIMEOUT_MS);
      }
      if (idle !== undefined) clock.clearTimeout(idle);
      idle = clock.setTimeout(stop, TYPING_IDLE_MS);
    },
    stop,
  };
}
