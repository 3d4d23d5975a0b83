import {
  ClientEvent,
  NotificationCountType,
  RoomEvent,
  type MatrixClient,
  type Room,
} from "matrix-js-sdk";
import { createSignal, getOwner, onCleanup, type Accessor } from "solid-js";
import { UserFacingError } from "../lib/userFacingError.ts";
import { toUserFacingError } from "./errors.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/** What the chat list needs to know about one room: plain data, no SDK objects. */
export type RoomSummary = {
  roomId: string;
  /** The room's own name as the SDK computes it (the chat list prefers directory names). */
  name: string;
  /** The signed-in person's membership: "join", "invite", "leave"… */
  membership: string;
  /** Synapse's notification count for the room (push rules decide what counts). */
  unread: number;
  /** Notifications that mention the person (highlights). */
  highlight: number;
  /** Timestamp (ms) of the latest event the client has, 0 when none. */
  lastActivity: number;
  /** Who invited the person to a direct chat (`is_direct`), while it is an invitation. */
  directInviter?: string;
};

/** The part of the SDK client the room list reads; a plain emitter in tests. */
export type RoomListClient = Pick<MatrixClient, "getRooms" | "on" | "off">;

/**
 * Maps one SDK room to its {@link RoomSummary}.
 * @param room - an SDK room
 * @returns the summary
 */
export function summarizeRoom(room: Room): RoomSummary {
  return {
    roomId: room.roomId,
    name: room.name,
    membership: room.getMyMembership(),
    unread: room.getUnreadNotificationCount(NotificationCountType.Total),
    highlight: room.getUnreadNotificationCount(NotificationCountType.Highlight),
    lastActivity: room.getLastActiveTimestamp(),
    directInviter: room.getMyMembership() === "invite" ? room.getDMInviter() : undefined,
  };
}

function sameSummaries(a: ReadonlyMap<string, RoomSummary>, b: ReadonlyMap<string, RoomSummary>) {
  if (a.size !== b.size) return false;
  for (const [id, x] of a) {
    const y = b.get(id);
    if (
      !y ||
      x.name !== y.name ||
      x.membership !== y.membership ||
      x.unread !== y.unread ||
      x.highlight !== y.highlight ||
      x.lastActivity !== y.lastActivity ||
      x.directInviter !== y.directInviter
    )
      return false;
  }
  return true;
}

// Client-level events after which a room's summary may differ. Counts arrive with /sync (Sync);
// the SDK also changes them locally (receipts, decryption fixes) and only tells the room itself,
// so every room gets its own UnreadNotifications listener too.
const CLIENT_EVENTS = [
  ClientEvent.Sync,
  ClientEvent.Room,
  ClientEvent.DeleteRoom,
  RoomEvent.MyMembership,
  RoomEvent.Name,
  RoomEvent.Receipt,
  RoomEvent.Timeline,
] as const;

/**
 * Watches the client's rooms and calls `onChange` (at most once per microtask) whenever a
 * summary may have changed. Non-reactive: the caller decides what to do with the news.
 * @param client - the SDK client (or a test double)
 * @param onChange - called after any relevant event, coalesced
 * @returns a function that removes every listener
 */
export function makeRoomListWatcher(client: RoomListClient, onChange: () => void): () => void {
  let queued = false;
  let stopped = false;
  const watchedRooms = new Set<Room>();
  const notify = (): void => {
    if (queued || stopped) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (stopped) return;
      watchRooms();
      onChange();
    });
  };
  const watchRooms = (): void => {
    for (const room of client.getRooms()) {
      if (watchedRooms.has(room)) continue;
      watchedRooms.add(room);
      room.on(RoomEvent.UnreadNotifications, notify);
    }
  };
  // The SDK's typed emitter wants one overload per event; they all fit `() => void` here.
  const on = client.on.bind(client) as (event: string, listener: () => void) => unknown;
  const off = client.off.bind(client) as (event: string, listener: () => void) => unknown;
  for (const event of CLIENT_EVENTS) on(event, notify);
  watchRooms();
  return () => {
    stopped = true;
    for (const event of CLIENT_EVENTS) off(event, notify);
    for (const room of watchedRooms) room.off(RoomEvent.UnreadNotifications, notify);
    watchedRooms.clear();
  };
}

/**
 * The client's rooms as a live map of {@link RoomSummary} by room ID. Listeners go away with the
 * owning scope.
 * @param client - the SDK client (or a test double)
 * @returns an accessor of the current summaries
 */
export function createRoomListFrom(
  client: RoomListClient,
): Accessor<ReadonlyMap<string, RoomSummary>> {
  const read = (): ReadonlyMap<string, RoomSummary> =>
    new Map(client.getRooms().map((room) => [room.roomId, summarizeRoom(room)]));
  const [rooms, setRooms] = createSignal(read(), { equals: sameSummaries });
  const stop = makeRoomListWatcher(client, () => setRooms(read()));
  if (getOwner()) onCleanup(stop);
  return rooms;
}

/**
 * The rooms of a running session with unread counts, live on sync, timeline, receipt and
 * membership events.
 * @param session - the running session
 * @returns an accessor of summaries by room ID
 * @example
 * const rooms = createRoomList(session);
 * const unread = () => rooms().get(roomId)?.unread ?? 0;
 */
export function createRoomList(session: MatrixSession): Accessor<ReadonlyMap<string, RoomSummary>> {
  return createRoomListFrom(matrixClientOf(session));
}

/**
 * Resolves once the client has joined `roomId` through sync (e.g. a direct room the appservice
 * just created), so the chat pane finds the room when it opens. An invitation (a colleague
 * started the chat in another client) is accepted first: opening it is the answer.
 * @param session - the running session
 * @param roomId - the room to wait for
 * @param timeoutMs - how long to wait before giving up
 * @throws UserFacingError when the room did not arrive in time
 */
export async function waitForJoinedRoom(
  session: MatrixSession,
  roomId: string,
  timeoutMs = 20_000,
): Promise<void> {
  const client = matrixClientOf(session);
  const joined = (): boolean => client.getRoom(roomId)?.getMyMembership() === "join";
  if (joined()) return;
  if (client.getRoom(roomId)?.getMyMembership() === "invite") {
    try {
      await client.joinRoom(roomId);
    } catch (error) {
      throw toUserFacingError(error, client.baseUrl);
    }
    // The SDK's join resolves once the room came down sync: nothing more may arrive to wait for.
    if (joined()) return;
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(
        new UserFacingError(
          "The chat is still being set up on the server. Please try again in a moment.",
          { cause: new Error(`${roomId} not joined through sync after ${timeoutMs} ms`) },
        ),
      );
    }, timeoutMs);
    const stop = makeRoomListWatcher(client, () => {
      if (!joined()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/**
 * How many messages of a room are unread right now (0 for a room not synced yet).
 * @param session - the running session
 * @param roomId - the room
 * @returns the server's unread notification count
 */
export function unreadCountOf(session: MatrixSession, roomId: string): number {
  const room = matrixClientOf(session).getRoom(roomId);
  return room?.getUnreadNotificationCount(NotificationCountType.Total) ?? 0;
}
