import { makeLogger } from "./logger.ts";
import { userMessageOf } from "./userFacingError.ts";

const log = makeLogger("action");

/** The outcome of a user action: its value, or the message to show instead. */
export type ActionOutcome<T> =
  { ok: true; value: T } | { ok: false; message: string; error: unknown };

/** Where failed actions are shown when the caller does not render the message itself. */
export interface ErrorReporter {
  /** Shows `message` to the person; `label` names the action that failed. */
  report(label: string, message: string): void;
}

/**
 * Runs a user action so that no failure is silent or unhandled: the error is logged with the
 * action's label and turned into a readable message (hydrogen's `logAndCatch`, style.md §6.5).
 * @param label - what the person was doing, e.g. `"Signing in"`; used in logs and fallbacks
 * @param fn - the action; may throw or reject
 * @param reporter - optional place to show the message (a toast region); omit when the caller
 *   renders `outcome.message` itself, as a form does
 * @returns `{ok: true, value}` or `{ok: false, message, error}`; never rejects
 * @example
 * const outcome = await runAction("Signing out", () => auth.signOut(), toasts);
 */
export async function runAction<T>(
  label: string,
  fn: () => Promise<T> | T,
  reporter?: ErrorReporter,
): Promise<ActionOutcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    const message = userMessageOf(error, `${label} failed unexpectedly. Please try again.`);
    log.warn(`${label} failed`, error);
    reporter?.report(label, message);
    return { ok: false, message, error };
  }
}
