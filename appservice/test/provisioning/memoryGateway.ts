import type { Membership, ObservedRoom } from "../../src/provisioning/model.ts";
import type { RoomGateway } from "../../src/provisioning/ports.ts";

type Room = {
  roomId: string;
  alias: string;
  members: Record<string, Membership>;
  powerUsers: Record<string, number>;
  powerEvents: Record<string, number>;
  name: string | undefined;
  topic: string | undefined;
  children: Set<string>;
  parents: Set<string>;
  encrypted: boolean;
  space: boolean;
  /** Kind of the `io.staffroom.managed` marker. */
  marker: string | undefined;
};

/** The staff list: its room and who is on it. */
type StaffList = { roomId: string; alias: string; listed: Set<string> };

/**
 * An in-memory homeserver for unit tests of the executor and the pass: rooms keyed by ID,
 * aliases as the idempotency key (M_ROOM_IN_USE → adopt), joins, kicks, power levels, Space
 * links, markers and the staff list. Joins into a marked room of anyone not on the staff list
 * fail, as the Synapse staff guard refuses them. Records every write; `failOn` makes chosen
 * calls throw.
 */
export function makeMemoryGateway(botUserId: string) {
  const rooms = new Map<string, Room>();
  const aliases = new Map<string, string>();
  const writes: string[] = [];
  const deactivated: string[] = [];
  let next = 1;
  const failOn = new Set<string>();
  const staffLists = new Map<string, StaffList>();
  const room = (roomId: string): Room => {
    const found = rooms.get(roomId);
    if (!found) throw new Error(`no room ${roomId}`);
    return found;
  };
  const write = (what: string) => {
    if (failOn.has(what.split(" ")[0] ?? "")) throw new Error(`${what} failed`);
    writes.push(what);
  };
  const gateway: RoomGateway = {
    observeRoom(roomId) {
      const r = rooms.get(roomId);
      if (!r) return Promise.resolve(undefined);
      const observed: ObservedRoom = {
        roomId,
        members: { ...r.members },
        powerUsers: { ...r.powerUsers },
        powerEvents: { ...r.powerEvents },
        privilegedCreators: [],
        name: r.name,
        topic: r.topic,
        spaceChildren: [...r.children].sort(),
        spaceParents: [...r.parents],
        managedKind: r.marker,
      };
      return Promise.resolve(observed);
    },
    createRoom(spec) {
      const alias = `#${spec.aliasLocalpart}:test`;
      const existing = aliases.get(alias);
      if (existing) return Promise.resolve({ roomId: existing, adopted: true });
      write(`create ${alias}`);
      const roomId = `!r${next++}:test`;
      rooms.set(roomId, {
        roomId,
        alias,
        members: { [botUserId]: "join" },
        powerUsers: { [botUserId]: 100 },
        powerEvents: {},
        name: spec.name,
        topic: spec.topic,
        children: new Set(),
        parents: new Set(),
        encrypted: spec.encrypted,
        space: spec.space,
        marker: spec.kind,
      });
      aliases.set(alias, roomId);
      return Promise.resolve({ roomId, adopted: false });
    },
    resolveAlias: (alias) => Promise.resolve(aliases.get(alias)),
    join(roomId, userId) {
      const guarded = room(roomId).marker !== undefined;
      const listed = [...staffLists.values()].some((list) => list.listed.has(userId));
      if (guarded && !listed) {
        return Promise.reject(new Error(`${userId} is not in the staff directory`));
      }
      write(`join ${roomId} ${userId}`);
      room(roomId).members[userId] = "join";
      return Promise.resolve();
    },
    kick(roomId, userId) {
      write(`kick ${roomId} ${userId}`);
      room(roomId).members[userId] = "leave";
      return Promise.resolve();
    },
    setPowerLevelUsers(roomId, users) {
      write(`power ${roomId}`);
      room(roomId).powerUsers = { ...users };
      return Promise.resolve();
    },
    setEventPowerLevels(roomId, events) {
      write(`events ${roomId}`);
      room(roomId).powerEvents = { ...room(roomId).powerEvents, ...events };
      return Promise.resolve();
    },
    setName(roomId, name) {
      write(`name ${roomId} ${name}`);
      room(roomId).name = name;
      return Promise.resolve();
    },
    setTopic(roomId, topic) {
      write(`topic ${roomId}`);
      room(roomId).topic = topic;
      return Promise.resolve();
    },
    setSpaceChild(spaceId, childId, present) {
      write(`child ${spaceId} ${childId} ${present}`);
      const space = room(spaceId);
      const child = rooms.get(childId);
      if (present) {
        space.children.add(childId);
        child?.parents.add(spaceId);
      } else {
        space.children.delete(childId);
        child?.parents.delete(spaceId);
      }
      return Promise.resolve();
    },
    setMarker(roomId, kind) {
      write(`marker ${roomId} ${kind}`);
      room(roomId).marker = kind;
      return Promise.resolve();
    },
    observeStaffList(alias) {
      const list = [...staffLists.values()].find((l) => l.alias === alias);
      return Promise.resolve(list && { roomId: list.roomId, listed: new Set(list.listed) });
    },
    createStaffList(aliasLocalpart, staff) {
      const alias = `#${aliasLocalpart}:test`;
      const existing = aliases.get(alias);
      if (existing) return Promise.resolve({ roomId: existing, adopted: true });
      write(`staff-list ${staff.length}`);
      const roomId = `!list${next++}:test`;
      aliases.set(alias, roomId);
      staffLists.set(roomId, { roomId, alias, listed: new Set(staff) });
      return Promise.resolve({ roomId, adopted: false });
    },
    setStaff(roomId, user, staff) {
      write(`staff ${user} ${staff}`);
      const list = staffLists.get(roomId);
      if (!list) throw new Error(`no staff list ${roomId}`);
      if (staff) list.listed.add(user);
      else list.listed.delete(user);
      return Promise.resolve();
    },
    deactivate(userId) {
      write(`deactivate ${userId}`);
      deactivated.push(userId);
      return Promise.resolve();
    },
  };
  return { gateway, rooms, aliases, writes, deactivated, failOn, room, staffLists };
}
