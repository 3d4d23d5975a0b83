import {
  RoomStateEvent,
  type MatrixClient,
  type MatrixEvent,
  type Room,
  type RoomState,
} from "matrix-js-sdk";
import { createSignal, onCleanup, type Accessor } from "solid-js";
import { makeLogger } from "../lib/logger.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

const log = makeLogger("callPeer");

/** The other person of a two-person room. */
export type CallPeer = { userId: string; name: string };

const FUNCTIONAL_MEMBERS = "io.element.functional_members";

/**
 * Who a 1:1 call in this room would reach: the one other joined member, not counting service
 * members listed in `io.element.functional_members` (the Staffroom bot). Null while the room has
 * any other number of people, which is also when Element Web would not place a 1:1 call there.
 * @param roomId - fixed for the primitive's life
 */
export function createCallPeer(session: MatrixSession, roomId: string): Accessor<CallPeer | null> {
  return createClientCallPeer(matrixClientOf(session), roomId);
}

/** {@link createCallPeer} over a bare SDK client. */
export function createClientCallPeer(
  client: MatrixClient,
  roomId: string,
): Accessor<CallPeer | null> {
  const me = client.getSafeUserId();
  const [peer, setPeer] = createSignal<CallPeer | null>(null, {
    equals: (a, b) => a?.userId === b?.userId && a?.name === b?.name,
  });
  const compute = (room: Room): void => {
    const service = room.currentState.getStateEvents(FUNCTIONAL_MEMBERS, "")?.getContent()[
      "service_members"
    ];
    const skip = new Set(
      Array.isArray(service) ? service.filter((id) => typeof id === "string") : [],
    );
    const people = room.getJoinedMembers().filter((member) => !skip.has(member.userId));
    const others = people.filter((member) => member.userId !== me);
    const other = others[0];
    setPeer(
      people.length === 2 && others.length === 1 && other
        ? { userId: other.userId, name: other.name }
        : null,
    );
  };
  const room = client.getRoom(roomId);
  if (room) {
    compute(room);
    // Members are lazy-loaded: fetch the full list once, then recount.
    room
      .loadMembersIfNeeded()
      .then(() => compute(room))
      .catch((error: unknown) => log.warn(`could not load the members of ${roomId}`, error));
  }
  const onMembers = (_event: MatrixEvent, state: RoomState): void => {
    if (state.roomId !== roomId) return;
    const current = client.getRoom(roomId);
    if (current) compute(current);
  };
  client.on(RoomStateEvent.Members, onMembers);
  client.on(RoomStateEvent.Events, onMembers);
  onCleanup(() => {
    client.off(RoomStateEvent.Members, onMembers);
    client.off(RoomStateEvent.Events, onMembers);
  });
  return peer;
}

/**
 * A person's display name in a room (their localpart when they have none), for message bodies.
 * @param session - the running session
 */
export function memberNameOf(session: MatrixSession, roomId: string, userId: string): string {
  const member = matrixClientOf(session).getRoom(roomId)?.getMember(userId);
  const localpart = userId.replace(/^@/, "").split(":")[0] ?? userId;
  return member?.name && member.name !== userId ? member.name : localpart;
}
