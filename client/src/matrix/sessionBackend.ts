import type { AuthBackend } from "../features/auth/createAuth.ts";
import { SessionEndedError } from "./errors.ts";
import { signInWithPassword, startSession, type MatrixSession } from "./session.ts";
import { clearSession, loadSession, saveSession, type KeyValueStorage } from "./storedSession.ts";

/**
 * Implements the auth feature's port with matrix-js-sdk and Web Storage.
 * @param homeserverUrl - where new sign-ins go (a resumed session keeps its own stored URL)
 * @param storage - usually `window.localStorage`
 * @returns an {@link AuthBackend} producing {@link MatrixSession}s
 */
export function makeSessionBackend(
  homeserverUrl: string,
  storage: KeyValueStorage,
): AuthBackend<MatrixSession> {
  return {
    loadStored: () => loadSession(storage),
    save: (credentials) => saveSession(storage, credentials),
    clear: () => clearSession(storage),
    signIn: (username, password) => signInWithPassword(homeserverUrl, username, password),
    start: (credentials, onEnded) => startSession(credentials, { onSessionEnded: onEnded }),
    isSessionEnded: (error) => error instanceof SessionEndedError,
  };
}
