import { createSignal, type Accessor } from "solid-js";
import { makeLogger } from "../../lib/logger.ts";
import { UserFacingError, userMessageOf } from "../../lib/userFacingError.ts";
import type { StoredSession } from "../../matrix/storedSession.ts";

const log = makeLogger("auth");

/**
 * What auth needs from the outside world. `src/App.tsx` wires it to `src/matrix/` and
 * localStorage; tests pass fakes, so this module never loads matrix-js-sdk.
 */
export interface AuthBackend<S extends RunningSession = RunningSession> {
  /** The persisted credentials, or null. */
  loadStored(): StoredSession | null;
  /** Persists credentials after a successful sign-in. */
  save(credentials: StoredSession): void;
  /** Forgets the persisted credentials. */
  clear(): void;
  /** Exchanges username and password for credentials; throws UserFacingError. */
  signIn(username: string, password: string): Promise<StoredSession>;
  /** Starts a session; rejects with an error whose `isSessionEnded` check is true for dead tokens. */
  start(credentials: StoredSession, onEnded: (message: string) => void): Promise<S>;
  /** True when `error` means the stored token is no longer accepted. */
  isSessionEnded(error: unknown): boolean;
}

/** The running-session surface auth relies on (a `MatrixSession` satisfies it). */
export interface RunningSession {
  readonly userId: string;
  signOut(): Promise<void>;
}

/** Where the app is in the sign-in lifecycle. */
export type AuthState<S extends RunningSession = RunningSession> =
  /**
   * Resuming a stored session; `userId` is who it belongs to (null before storage was read), so
   * the app can paint that person's cached shell while the session starts.
   */
  | { status: "restoring"; userId: string | null }
  | { status: "signed-out"; notice: string | null }
  | { status: "signed-in"; session: S };

/** Reactive auth state plus the two actions that change it. */
export interface Auth<S extends RunningSession = RunningSession> {
  /** The current {@link AuthState}. */
  state: Accessor<AuthState<S>>;
  /**
   * Signs in and starts the session.
   * @throws UserFacingError for the login form to show
   */
  signIn(username: string, password: string): Promise<void>;
  /**
   * Signs out on the server, then always forgets the session locally, so the device is signed
   * out even when the server is unreachable (the form then says so).
   */
  signOut(): Promise<void>;
}

/**
 * Creates the auth state machine and starts restoring a persisted session right away.
 * A stored token the server rejects leads back to the login form with a notice, never to a
 * blank screen.
 * @param backend - see {@link AuthBackend}
 * @returns an {@link Auth}
 */
export function createAuth<S extends RunningSession>(backend: AuthBackend<S>): Auth<S> {
  const [state, setState] = createSignal<AuthState<S>>({ status: "restoring", userId: null });

  const endSession = (notice: string): void => {
    backend.clear();
    setState({ status: "signed-out", notice });
  };

  async function restore(): Promise<void> {
    const stored = backend.loadStored();
    if (!stored) {
      setState({ status: "signed-out", notice: null });
      return;
    }
    setState({ status: "restoring", userId: stored.userId });
    try {
      const session = await backend.start(stored, endSession);
      if (abandoned) {
        // Signed out from the cached shell while the session was starting: finish the job on
        // the server (and drop the local store) now that there is a session to end.
        await session.signOut().catch((error: unknown) => log.warn("late sign-out failed", error));
        return;
      }
      setState({ status: "signed-in", session });
    } catch (error) {
      if (abandoned) return;
      log.warn("could not resume the saved session", error);
      if (backend.isSessionEnded(error)) backend.clear();
      const fallback = "Your saved session could not be resumed. Please sign in again.";
      setState({ status: "signed-out", notice: userMessageOf(error, fallback) });
    }
  }

  // Set when the person signs out before the stored session finished starting.
  let abandoned = false;
  void restore();

  return {
    state,
    async signIn(username, password) {
      if (username.trim() === "") throw new UserFacingError("Enter your username.");
      if (password === "") throw new UserFacingError("Enter your password.");
      const credentials = await backend.signIn(username, password);
      backend.save(credentials);
      try {
        setState({ status: "signed-in", session: await backend.start(credentials, endSession) });
      } catch (error) {
        backend.clear();
        throw error;
      }
    },
    async signOut() {
      const current = state();
      if (current.status === "restoring" && current.userId !== null) {
        // The cached shell offers Sign out before the session runs; it must work at once.
        abandoned = true;
        backend.clear();
        setState({ status: "signed-out", notice: null });
        return;
      }
      if (current.status !== "signed-in") return;
      let notice: string | null = null;
      try {
        await current.session.signOut();
      } catch (error) {
        log.warn("server-side sign-out failed", error);
        notice = `You are signed out on this device, but the server was not told: ${userMessageOf(
          error,
          "unexpected error.",
        )}`;
      }
      backend.clear();
      setState({ status: "signed-out", notice });
    },
  };
}
