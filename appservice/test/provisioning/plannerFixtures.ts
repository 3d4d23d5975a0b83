/** Fixtures of the planner tests: a converged org, observations, and a readable action form. */
import type { Org } from "../../src/directory/org.ts";
import { desiredRooms } from "../../src/provisioning/desiredRooms.ts";
import type { Action, ManagedRoom, ObservedRoom } from "../../src/provisioning/model.ts";
import type { RoomObservation } from "../../src/provisioning/membershipPlanner.ts";

export const D = "staffroom.test";
export const BOT = `@staffbot:${D}`;
export const u = (name: string) => `@${name}:${D}`;

export const baseOrg: Org = {
  operators: ["alice", "bob", "carol", "dana"].map((n) => ({ userId: u(n), displayName: n })),
  departments: [
    { id: "sales", name: "Sales", members: [u("alice"), u("bob")], admins: [] },
    { id: "it", name: "IT", members: [u("carol"), u("dana")], admins: [] },
  ],
  admins: [u("dana")],
};

export const roomIdOf = (kind: string, key: string) => `!${kind}-${key}:${D}`;

/** Observations of a fully converged Synapse for `org` (what a finished pass leaves). */
export function converged(org: Org): RoomObservation[] {
  const rooms = desiredRooms(org, D, BOT);
  const spaceId = roomIdOf("space", "space");
  return rooms.map((want) => {
    const roomId = roomIdOf(want.ref.kind, want.ref.key);
    const room: ManagedRoom = { ...want.ref, roomId, archivedAt: null };
    const state: ObservedRoom = {
      roomId,
      members: Object.fromEntries([BOT, ...want.members].map((m) => [m, "join" as const])),
      powerUsers: { ...want.powerUsers },
      powerEvents: { ...want.eventPower },
      privilegedCreators: [],
      name: want.name,
      topic: want.topic,
      spaceChildren:
        want.ref.kind === "space"
          ? rooms.filter((r) => r.ref.kind !== "space").map((r) => roomIdOf(r.ref.kind, r.ref.key))
          : [],
      spaceParents: want.ref.kind === "space" ? [] : [spaceId],
      managedKind: want.ref.kind,
    };
    return { room, state };
  });
}

export const options = (managed: Record<string, string[]> = {}) => ({
  serverName: D,
  botUserId: BOT,
  deactivateDeparted: false,
  managedMembers: new Map(Object.entries(managed).map(([r, us]) => [r, new Set(us)])),
});

/** Compact form of an action for table assertions. */
export function brief(action: Action): string {
  const room = "room" in action ? action.room.alias.slice(1, action.room.alias.indexOf(":")) : "";
  switch (action.type) {
    case "join":
      return `join ${room} ${action.user}${action.unban ? " (unban)" : ""}`;
    case "remove":
      return `remove ${room} ${action.user}: ${action.reason}`;
    case "setPowerLevels":
      return `power ${room} ${JSON.stringify(action.users)}`;
    case "setEventPower":
      return `events ${room} ${JSON.stringify(action.events)}`;
    case "rename":
    case "archive":
      return `${action.type} ${room} "${action.name}"`;
    case "setTopic":
      return `topic ${room} "${action.topic}"`;
    case "createRoom":
      return `create ${room} "${action.name}"`;
    case "addSpaceChild":
      return `child+ ${action.child.alias.slice(1, action.child.alias.indexOf(":"))}`;
    case "removeSpaceChild":
      return `child- ${action.childRoomId}`;
    case "unarchive":
      return `unarchive ${room}`;
    case "deactivate":
      return `deactivate ${action.user}`;
    case "setMarker":
      return `marker ${room} ${action.room.kind}`;
    case "createStaffList":
      return `staff-list ${action.staff.join(",")}`;
    case "setStaff":
      return `staff ${action.user} ${action.staff}`;
  }
}

export type Case = {
  name: string;
  org?: (org: Org) => Org;
  observed?: (rooms: RoomObservation[]) => RoomObservation[];
  managed?: Record<string, string[]>;
  deactivate?: boolean;
  expected: string[];
};

export const withDepartments = (org: Org, departments: Org["departments"]): Org => ({
  ...org,
  departments,
});
export const editState = (
  rooms: RoomObservation[],
  key: string,
  edit: (state: ObservedRoom) => Partial<ObservedRoom>,
): RoomObservation[] =>
  rooms.map((o) =>
    o.room.key === key && o.state ? { ...o, state: { ...o.state, ...edit(o.state) } } : o,
  );
