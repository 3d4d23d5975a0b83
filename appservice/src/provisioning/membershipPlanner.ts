import type { Org } from "../directory/org.ts";
import { ARCHIVED_SUFFIX, desiredRooms, roomRef, type DesiredRoom } from "./desiredRooms.ts";
import {
  roomKeyOf,
  type Action,
  type ManagedRoom,
  type ObservedRoom,
  type RoomRef,
} from "./model.ts";

// The pure heart of membership sync: directory + observed Synapse state → the minimal list of
// actions. No I/O, so every rule is unit-tested with literals (test/provisioning/).

/** A managed room from the store and what Synapse says about it (undefined: room is gone). */
export type RoomObservation = { room: ManagedRoom; state: ObservedRoom | undefined };

/** Options of {@link planSync}. */
export type PlanOptions = {
  serverName: string;
  botUserId: string;
  /** Plan deactivation of departed operators (config `provisioning.deactivate_departed`). */
  deactivateDeparted: boolean;
  /** room ID → users the sync itself joined there (tells "left the department" from drift). */
  managedMembers: ReadonlyMap<string, ReadonlySet<string>>;
};

const PRESENT = new Set(["join", "invite"]);

/**
 * Plans one sync pass. Desired state: the Space and All Staff with every operator, one room per
 * department with its members, the bot everywhere at 100, org admins at 100 and department
 * admins at 50, and every room (archived ones too) carrying the `io.staffroom.managed` marker
 * of its kind. Departments gone from the directory are archived (members removed, name
 * marked, history kept). Users are only ever removed from managed rooms; nothing outside them is
 * touched. Converged state plans nothing.
 */
export function planSync(
  org: Org,
  observations: readonly RoomObservation[],
  options: PlanOptions,
): Action[] {
  const { serverName, botUserId } = options;
  const operators = new Set(org.operators.map((o) => o.userId));
  const byKey = new Map(observations.map((o) => [roomKeyOf(o.room), o]));
  const desired = desiredRooms(org, serverName, botUserId);
  const spaceRef = roomRef("space", "space", serverName);
  const space = byKey.get(roomKeyOf(spaceRef));
  const spaceState = space?.state;

  const creates: Action[] = [];
  const perRoom: Action[] = [];
  const activeRoomIds = new Set<string>();

  for (const want of desired) {
    const seen = byKey.get(roomKeyOf(want.ref));
    if (seen?.state === undefined) {
      creates.push({ type: "createRoom", room: want.ref, name: want.name, topic: want.topic });
      perRoom.push({ type: "setPowerLevels", room: want.ref, users: want.powerUsers });
      if (Object.keys(want.eventPower).length > 0) {
        perRoom.push({ type: "setEventPower", room: want.ref, events: { ...want.eventPower } });
      }
      for (const user of want.members) {
        perRoom.push({ type: "join", room: want.ref, user, unban: false });
      }
      if (want.ref.kind !== "space") {
        perRoom.push({ type: "addSpaceChild", room: spaceRef, child: want.ref });
      }
      continue;
    }
    activeRoomIds.add(seen.state.roomId);
    perRoom.push(...planExistingRoom(want, seen.room, seen.state, operators, options));
    if (want.ref.kind === "space") continue;
    const listed = spaceState?.spaceChildren.includes(seen.state.roomId) ?? false;
    const parented = seen.state.spaceParents.includes(spaceState?.roomId ?? "");
    if (!listed || !parented) {
      perRoom.push({ type: "addSpaceChild", room: spaceRef, child: want.ref });
    }
  }

  // Department rooms whose department left the directory.
  const wantedKeys = new Set(desired.map((d) => roomKeyOf(d.ref)));
  for (const seen of observations) {
    if (wantedKeys.has(roomKeyOf(seen.room)) || seen.state === undefined) continue;
    perRoom.push(...planArchivedRoom(seen.room, seen.state, botUserId));
  }

  // Space children that are not active managed rooms (archived, or added by hand).
  if (spaceState !== undefined) {
    const aliasOf = new Map(observations.map((o) => [o.room.roomId, o.room.alias]));
    for (const child of spaceState.spaceChildren) {
      if (activeRoomIds.has(child)) continue;
      perRoom.push({
        type: "removeSpaceChild",
        room: spaceRef,
        childRoomId: child,
        childAlias: aliasOf.get(child),
      });
    }
  }

  return [...creates, ...perRoom, ...planDeactivations(operators, options)];
}

function planExistingRoom(
  want: DesiredRoom,
  stored: ManagedRoom,
  state: ObservedRoom,
  operators: ReadonlySet<string>,
  options: PlanOptions,
): Action[] {
  const room = want.ref;
  const actions: Action[] = [];
  if (stored.archivedAt !== null) actions.push({ type: "unarchive", room });
  // Early, so the staff guard covers the room before anyone else is joined to it.
  if (state.managedKind !== room.kind) actions.push({ type: "setMarker", room });
  if (state.name !== want.name) actions.push({ type: "rename", room, name: want.name });
  if (want.topic !== undefined && (state.topic ?? "") !== want.topic) {
    actions.push({ type: "setTopic", room, topic: want.topic });
  }
  const users = withoutCreators(want.powerUsers, state.privilegedCreators);
  if (!sameMap(users, state.powerUsers)) actions.push({ type: "setPowerLevels", room, users });
  const events = Object.entries(want.eventPower).filter(([t, l]) => state.powerEvents[t] !== l);
  if (events.length > 0) {
    actions.push({ type: "setEventPower", room, events: Object.fromEntries(events) });
  }

  const members = new Set(want.members);
  for (const user of want.members) {
    const membership = state.members[user];
    if (membership !== "join") {
      actions.push({ type: "join", room, user, unban: membership === "ban" });
    }
  }
  const managed = options.managedMembers.get(state.roomId);
  for (const [user, membership] of sortedEntries(state.members)) {
    if (!PRESENT.has(membership) || members.has(user) || user === options.botUserId) continue;
    const ours = managed?.has(user) ?? false;
    const reason = !operators.has(user)
      ? ours
        ? "no longer an operator"
        : "not an operator"
      : ours
        ? "left the department"
        : "not a member of this department";
    actions.push({ type: "remove", room, user, reason });
  }
  return actions;
}

function planArchivedRoom(stored: ManagedRoom, state: ObservedRoom, botUserId: string): Action[] {
  const room: RoomRef = { kind: stored.kind, key: stored.key, alias: stored.alias };
  // An archived room stays under the policy: nobody outside the staff gets into its history.
  const actions: Action[] = state.managedKind === room.kind ? [] : [{ type: "setMarker", room }];
  for (const [user, membership] of sortedEntries(state.members)) {
    if (!PRESENT.has(membership) || user === botUserId) continue;
    actions.push({
      type: "remove",
      room,
      user,
      reason: "the department was removed from the directory",
    });
  }
  const name = state.name ?? stored.key;
  const marked = name.endsWith(ARCHIVED_SUFFIX);
  if (stored.archivedAt === null || !marked) {
    actions.push({ type: "archive", room, name: marked ? name : `${name}${ARCHIVED_SUFFIX}` });
  }
  return actions;
}

// Operators the sync once joined somewhere who are no longer in the directory.
function planDeactivations(operators: ReadonlySet<string>, options: PlanOptions): Action[] {
  if (!options.deactivateDeparted) return [];
  const departed = new Set<string>();
  for (const users of options.managedMembers.values()) {
    for (const user of users) {
      if (!operators.has(user) && user !== options.botUserId) departed.add(user);
    }
  }
  return [...departed].sort().map((user) => ({ type: "deactivate", user }) as const);
}

function withoutCreators(
  users: Readonly<Record<string, number>>,
  creators: readonly string[],
): Record<string, number> {
  return Object.fromEntries(Object.entries(users).filter(([user]) => !creators.includes(user)));
}

function sameMap(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

function sortedEntries<V>(record: Readonly<Record<string, V>>): [string, V][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
