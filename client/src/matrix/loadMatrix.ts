import type { AuthBackend } from "../features/auth/createAuth.ts";
import { clearChatListSnapshot } from "../lib/chatListSnapshot.ts";
import type * as MatrixModuleExports from "./matrixModule.ts";
import type { MatrixSession } from "./session.ts";
import { clearSession, loadSession, saveSession, type KeyValueStorage } from "./storedSession.ts";

/** The SDK-backed half of `src/matrix/`: everything that needs matrix-js-sdk at runtime. */
export type MatrixModule = typeof MatrixModuleExports;

let loading: Promise<MatrixModule> | undefined;

/**
 * Loads the SDK-backed module (matrix-js-sdk, ≈250 KB gzip) once. Nothing on the first screen
 * imports the SDK statically, so the login form and the cached chat list paint first and this
 * chunk arrives behind them. A failed download (flaky network) is not cached, so the next call
 * tries again.
 * @returns the {@link MatrixModule}
 */
export function loadMatrix(): Promise<MatrixModule> {
  loading ??= import("./matrixModule.ts").catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * The auth port with the SDK loaded on demand: stored credentials are read synchronously from
 * Web Storage (no SDK needed to know someone is signed in), while signing in and starting a
 * session wait for {@link loadMatrix}.
 * @param homeserverUrl - where new sign-ins go
 * @param storage - usually `window.localStorage`
 * @param painted - resolves after the first paint (see `afterFirstPaint`)
 * @returns an {@link AuthBackend} producing {@link MatrixSession}s
 */
export function makeLazySessionBackend(
  homeserverUrl: string,
  storage: KeyValueStorage,
  painted: Promise<void> = Promise.resolve(),
): AuthBackend<MatrixSession> {
  let real: AuthBackend<MatrixSession> | undefined;
  const backend = async (): Promise<AuthBackend<MatrixSession>> => {
    // Even a resumed session waits for the first paint, so the cached list is on screen before
    // the SDK download starts competing with it.
    await painted;
    real ??= (await loadMatrix()).makeSessionBackend(homeserverUrl, storage);
    return real;
  };
  return {
    loadStored: () => loadSession(storage),
    save: (credentials) => saveSession(storage, credentials),
    clear: () => {
      // The cached chat list goes with the session: the next person here must not see it.
      const stored = loadSession(storage);
      if (stored) clearChatListSnapshot(storage, stored.userId);
      clearSession(storage);
    },
    signIn: async (username, password) => (await backend()).signIn(username, password),
    start: async (credentials, onEnded) => (await backend()).start(credentials, onEnded),
    // Only asked after start() failed, by which time the module has loaded.
    isSessionEnded: (error) => real?.isSessionEnded(error) ?? false,
  };
}
