import {
  createClient,
  HttpApiEvent,
  IndexedDBStore,
  MemoryStore,
  type Store,
  type MatrixClient,
} from "matrix-js-sdk";
import { makeLogger } from "../lib/logger.ts";
import { readTestOptions } from "../lib/testOptions.ts";
import {
  isUnknownTokenError,
  isUnreachableError,
  SESSION_ENDED_MESSAGE,
  SessionEndedError,
  toUserFacingError,
} from "./errors.ts";
import {
  LOGIN_RETRY,
  SESSION_RETRY,
  withRateLimitRetry,
  type RetryPolicy,
} from "./rateLimitRetry.ts";
import { makeSdkLogger, quietGlobalSdkLogger } from "./sdkLogger.ts";
import type { StoredSession } from "./storedSession.ts";

const log = makeLogger("session");
quietGlobalSdkLogger();

/** A running Matrix session: the signed-in account and its sync loop. */
export interface MatrixSession {
  /** Full Matrix ID of the signed-in person, e.g. `@alice:staffroom.local`. */
  readonly userId: string;
  /** The credentials this session runs with (also what is persisted). */
  readonly credentials: StoredSession;
  /**
   * Ends the session on the server (`POST /logout`) and stops syncing.
   * The sync loop stops even when the server cannot be reached.
   * @throws UserFacingError when the server could not be told
   */
  signOut(): Promise<void>;
  /** Stops syncing without signing out (page unload, switching accounts). */
  stop(): void;
}

/** Options for {@link startSession}. */
export type StartSessionOptions = {
  /**
   * Called once when the server stops accepting the token while the session runs (signed out
   * from another device, token revoked). The session is already stopped by then.
   */
  onSessionEnded(message: string): void;
};

/** `fetch` that waits out the server's 429s (rateLimitRetry.ts), logging each wait. */
function patientFetch(policy: RetryPolicy): typeof fetch {
  return withRateLimitRetry(globalThis.fetch.bind(globalThis), policy, (url, ms) =>
    log.info(`the server asked to slow down; trying ${url.split("?")[0]} again in ${ms} ms`),
  );
}

// The SDK client stays inside src/matrix/: primitives here look it up by session, features only
// ever hold the MatrixSession handle (style.md §8.1).
const clients = new WeakMap<MatrixSession, MatrixClient>();

/**
 * The matrix-js-sdk client behind a session. For `src/matrix/` primitives only (`create*`);
 * features receive plain data from those primitives instead.
 * @param session - a session returned by {@link startSession}
 * @returns the client
 */
export function matrixClientOf(session: MatrixSession): MatrixClient {
  const client = clients.get(session);
  if (!client) throw new Error("matrixClientOf: not a session created by startSession()");
  return client;
}

/**
 * Signs in with a username and password (`POST /login`, `m.id.user` identifier).
 * @param homeserverUrl - base URL of the homeserver (usually the page origin)
 * @param username - a localpart (`alice`) or a full Matrix ID (`@alice:staffroom.local`)
 * @param password - the account password
 * @returns credentials to persist and pass to {@link startSession}
 * @throws UserFacingError, e.g. "Incorrect username or password."
 */
export async function signInWithPassword(
  homeserverUrl: string,
  username: string,
  password: string,
): Promise<StoredSession> {
  const anonymous = createClient({
    baseUrl: homeserverUrl,
    logger: makeSdkLogger(),
    fetchFn: patientFetch(LOGIN_RETRY),
  });
  try {
    const response = await anonymous.loginRequest({
      type: "m.login.password",
      identifier: { type: "m.id.user", user: username.trim() },
      password,
      initial_device_display_name: "Staffroom web",
    });
    return {
      userId: response.user_id,
      accessToken: response.access_token,
      deviceId: response.device_id,
      homeserverUrl,
    };
  } catch (error) {
    throw toUserFacingError(error, homeserverUrl, "login");
  }
}

/**
 * Builds the client for stored credentials, checks the token and starts classic `/sync`
 * (classic rather than sliding sync because only it carries presence; members lazy-loaded).
 * If the server is unreachable the session still starts: the sync loop keeps retrying and the
 * sync state tells the person, which beats refusing to open the app while the network blips.
 * @param credentials - from {@link signInWithPassword} or the persisted session
 * @param options - see {@link StartSessionOptions}
 * @returns the running {@link MatrixSession}
 * @throws SessionEndedError when the server rejects the token (`401 M_UNKNOWN_TOKEN`)
 */
export async function startSession(
  credentials: StoredSession,
  options: StartSessionOptions,
): Promise<MatrixSession> {
  const { homeserverUrl, accessToken, userId, deviceId } = credentials;
  const store = makeStore(userId);
  const client = createClient({
    baseUrl: homeserverUrl,
    accessToken,
    userId,
    deviceId,
    store,
    timelineSupport: true,
    // 1:1 calls (createCalls.ts): the SDK handles m.call.* events and asks the homeserver for
    // TURN credentials (GET /voip/turnServer, none unless Synapse has turn_uris).
    disableVoip: false,
    // Relay-only ICE: the TURN end-to-end test's switch (lib/testOptions.ts).
    forceTURN: readTestOptions(window.localStorage).forceTurn === true,
    logger: makeSdkLogger(),
    fetchFn: patientFetch(SESSION_RETRY),
  });

  try {
    await client.whoami();
  } catch (error) {
    if (isUnknownTokenError(error))
      throw new SessionEndedError(SESSION_ENDED_MESSAGE, { cause: error });
    if (!isUnreachableError(error)) throw toUserFacingError(error, homeserverUrl);
    log.warn("homeserver unreachable at start; syncing will keep retrying", error);
  }

  // The SDK loads the cached sync from IndexedDB here (after createClient, before startClient),
  // so rooms and recent messages are back before the first network /sync answers.
  const startedStore = await startStore(store, userId);
  if (startedStore !== store) client.store = startedStore;

  let ended = false;
  client.on(HttpApiEvent.SessionLoggedOut, () => {
    if (ended) return;
    ended = true;
    client.stopClient();
    void forgetStore(client.store);
    options.onSessionEnded(SESSION_ENDED_MESSAGE);
  });

  const session: MatrixSession = {
    userId,
    credentials,
    async signOut() {
      ended = true;
      try {
        await client.logout(true);
      } catch (error) {
        // A token the server already forgot is as signed out as it gets.
        if (!isUnknownTokenError(error)) throw toUserFacingError(error, homeserverUrl);
      } finally {
        client.stopClient();
        // Signed out means nothing of this account stays on the computer.
        await forgetStore(client.store);
      }
    },
    stop() {
      ended = true;
      client.stopClient();
    },
  };
  clients.set(session, client);

  // Not awaited: startClient first asks for /versions, which can take a while on a bad network,
  // and the shell should appear right away with "Connecting…".
  client
    .startClient({ lazyLoadMembers: true, initialSyncLimit: 20, threadSupport: false })
    .catch((error: unknown) => log.error("could not start the sync loop", error));
  return session;
}

// One database per account: a shared desk computer may see several people.
const storeName = (userId: string): string => `staffroom:${userId}`;

function makeStore(userId: string): Store {
  // Browsers without IndexedDB (or with it switched off) still get a working session.
  if (typeof indexedDB === "undefined") return new MemoryStore({ localStorage });
  return new IndexedDBStore({
    indexedDB: window.indexedDB,
    dbName: storeName(userId),
    localStorage: window.localStorage,
  });
}

/**
 * Opens the store; when IndexedDB refuses (private mode, quota, a corrupt database) the session
 * runs from memory instead: slower start next time, but chat works.
 */
async function startStore(store: Store, userId: string): Promise<Store> {
  try {
    await store.startup();
    if (store instanceof IndexedDBStore) {
      store.on("degraded", (error) =>
        log.warn("IndexedDB failed while running; keeping the session in memory", error),
      );
    }
    return store;
  } catch (error) {
    log.warn(`IndexedDB store for ${userId} unavailable; syncing into memory`, error);
    const memory = new MemoryStore({ localStorage: window.localStorage });
    await memory.startup();
    return memory;
  }
}

async function forgetStore(store: Store): Promise<void> {
  try {
    await store.deleteAllData();
  } catch (error) {
    log.warn("could not delete the local message cache", error);
  }
}
