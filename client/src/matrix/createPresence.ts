import {
  ClientEvent,
  UserEvent,
  type MatrixClient,
  type MatrixEvent,
  type User,
} from "matrix-js-sdk";
import { createEffect, createSignal, getOwner, on, onCleanup, type Accessor } from "solid-js";
import { makeLogger } from "../lib/logger.ts";
import { toUserFacingError } from "./errors.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

const log = makeLogger("presence");

/** Presence as the person sees it; `unknown` until the server said anything. */
export type PresenceState = "online" | "unavailable" | "offline" | "unknown";

/** What the signed-in person can choose: Online, Away, or Offline (invisible). */
export type MyPresence = "online" | "unavailable" | "offline";

/** The part of the SDK client presence needs; a plain emitter in tests. */
export type PresenceClient = Pick<MatrixClient, "getUser" | "getPresence" | "on" | "off">;

/**
 * Normalises the SDK's presence string (any server may send something new).
 * @param value - `user.presence` or a `/presence` answer
 * @returns a {@link PresenceState}
 */
export function presenceStateOf(value: string | undefined): PresenceState {
  return value === "online" || value === "unavailable" || value === "offline" ? value : "unknown";
}

/**
 * Live presence for a set of users. Starts from what the client already knows, asks
 * `GET /presence/{user}/status` once for users sync has not mentioned (lazy-loaded members), and
 * follows `UserEvent.Presence` from then on. Listeners go away with the owning scope.
 * @param client - the SDK client (or a test double)
 * @param userIds - the users to follow; may change over time
 * @returns an accessor of presence by user ID (missing = unknown)
 */
export function createPresenceFrom(
  client: PresenceClient,
  userIds: Accessor<readonly string[]>,
): Accessor<ReadonlyMap<string, PresenceState>> {
  const [states, setStates] = createSignal<ReadonlyMap<string, PresenceState>>(new Map());
  // A plain mirror of the signal for the event handlers, which must not read signals.
  const known = new Map<string, PresenceState>();
  const asked = new Set<string>();
  let disposed = false;
  const put = (userId: string, state: PresenceState): void => {
    if (disposed || known.get(userId) === state) return;
    known.set(userId, state);
    setStates(new Map(known));
  };

  const onPresence = (_event: MatrixEvent | undefined, user: User): void => {
    put(user.userId, presenceStateOf(user.presence));
  };
  client.on(UserEvent.Presence, onPresence);

  createEffect(
    on(userIds, (ids) => {
      for (const userId of ids) {
        if (asked.has(userId)) continue;
        asked.add(userId);
        // A User object exists once sync mentioned the person; its presence is then current.
        const user = client.getUser(userId);
        if (user?.events.presence) {
          put(userId, presenceStateOf(user.presence));
          continue;
        }
        client
          .getPresence(userId)
          .then((answer) => {
            // A sync update may have beaten the request; the live value wins.
            if (!known.has(userId)) put(userId, presenceStateOf(answer.presence));
          })
          // Background read: the dot stays "unknown", which the list shows in words.
          .catch((error: unknown) => log.warn(`could not read presence of ${userId}`, error));
      }
    }),
  );

  if (getOwner())
    onCleanup(() => {
      disposed = true;
      client.off(UserEvent.Presence, onPresence);
    });
  return states;
}

/**
 * Live presence of `userIds` for a running session (see {@link createPresenceFrom}).
 * @param session - the running session
 * @param userIds - the users to follow
 * @returns an accessor of presence by user ID
 * @example
 * const presence = createPresence(session, () => operators().map((o) => o.user_id));
 * presence().get("@bob:staffroom.local"); // "online"
 */
export function createPresence(
  session: MatrixSession,
  userIds: Accessor<readonly string[]>,
): Accessor<ReadonlyMap<string, PresenceState>> {
  return createPresenceFrom(matrixClientOf(session), userIds);
}

/**
 * Sets the signed-in person's presence. The sync loop is told too, because every `/sync` carries
 * a `set_presence` that would otherwise put "online" back within seconds; "offline" there means
 * "syncing does not change presence", which is what Offline (invisible) needs.
 * @param session - the running session
 * @param state - Online, Away (`unavailable`) or Offline (invisible)
 * @throws UserFacingError when the server refused or could not be reached
 */
export async function setMyPresence(session: MatrixSession, state: MyPresence): Promise<void> {
  const client = matrixClientOf(session);
  // Before the first sync the SDK has no sync loop to tell; wait for it, or the loop would start
  // with its default "online" and undo the choice.
  if (client.getSyncState() === null)
    await new Promise<void>((resolve) => client.once(ClientEvent.Sync, () => resolve()));
  try {
    await client.setSyncPresence(state as Parameters<MatrixClient["setSyncPresence"]>[0]);
    await client.setPresence({ presence: state });
  } catch (error) {
    throw toUserFacingError(error, session.credentials.homeserverUrl);
  }
}
