import { createSignal, type Accessor } from "solid-js";
import { runAction, type ActionOutcome } from "./runAction.ts";

/** Reactive wrapper around one user action, for components that show busy and error states. */
export interface Action<A extends unknown[], T> {
  /** True from the call until the action settles. */
  busy: Accessor<boolean>;
  /** The readable message of the last failure, cleared when the action runs again. */
  error: Accessor<string | null>;
  /** Runs the action unless one is already running (double submits are ignored). */
  run(...args: A): Promise<ActionOutcome<T> | undefined>;
  /** Clears the error message, e.g. when the person edits the form. */
  clearError(): void;
}

/**
 * Creates a busy/error pair around {@link runAction}.
 * @param label - what the action does, for logs and fallback messages
 * @param fn - the action
 * @returns an {@link Action}
 * @example
 * const signIn = createAction("Signing in", (user: string, pw: string) => props.login(user, pw));
 * <button disabled={signIn.busy()} onClick={() => void signIn.run(u, p)}>Sign in</button>
 */
export function createAction<A extends unknown[], T>(
  label: string,
  fn: (...args: A) => Promise<T>,
): Action<A, T> {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  return {
    busy,
    error,
    clearError: () => setError(null),
    async run(...args) {
      if (busy()) return undefined;
      setBusy(true);
      setError(null);
      const outcome = await runAction(label, () => fn(...args));
      setBusy(false);
      if (!outcome.ok) setError(outcome.message);
      return outcome;
    },
  };
}
