/** The localStorage key holding the signed-in session. */
export const SESSION_STORAGE_KEY = "staffroom.session";

/** What is needed to resume a Matrix session after a reload. */
export type StoredSession = {
  /** Full Matrix ID, e.g. `@alice:staffroom.local`. */
  userId: string;
  accessToken: string;
  deviceId: string;
  /** The homeserver the token belongs to; a token is useless against any other server. */
  homeserverUrl: string;
};

/** The subset of the Web Storage API used here, so tests can pass a plain object. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Persists the session so a reload resumes it instead of asking for the password again.
 * @param storage - usually `window.localStorage`
 * @param session - the credentials from the login response
 */
export function saveSession(storage: KeyValueStorage, session: StoredSession): void {
  const { userId, accessToken, deviceId, homeserverUrl } = session;
  storage.setItem(
    SESSION_STORAGE_KEY,
    JSON.stringify({ userId, accessToken, deviceId, homeserverUrl }),
  );
}

/**
 * Reads the persisted session. Anything unreadable (corrupt JSON, missing or mistyped fields,
 * storage disabled by the browser) counts as "signed out": the person sees the login form
 * rather than a crash, and the broken entry is removed so it cannot fail again.
 * @param storage - usually `window.localStorage`
 * @returns the session, or null when there is none or it is unusable
 */
export function loadSession(storage: KeyValueStorage): StoredSession | null {
  let text: string | null;
  try {
    text = storage.getItem(SESSION_STORAGE_KEY);
  } catch {
    return null;
  }
  if (text === null) return null;
  const session = parseStoredSession(text);
  if (!session) clearSession(storage);
  return session;
}

/**
 * Forgets the persisted session (after sign-out or when the server rejected the token).
 * @param storage - usually `window.localStorage`
 */
export function clearSession(storage: KeyValueStorage): void {
  try {
    storage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // Storage that cannot be written cannot hold a stale session either.
  }
}

function parseStoredSession(text: string): StoredSession | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const fields = [r["userId"], r["accessToken"], r["deviceId"], r["homeserverUrl"]];
  if (!fields.every((f): f is string => typeof f === "string" && f !== "")) return null;
  const [userId, accessToken, deviceId, homeserverUrl] = fields as [string, string, string, string];
  return { userId, accessToken, deviceId, homeserverUrl };
}
