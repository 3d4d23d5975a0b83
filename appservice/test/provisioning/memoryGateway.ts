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
};

/**
 * An in-memory homeserver for unit tests of the executor and the pass: rooms keyed by ID,
 * aliases as the idempotency key (M_ROOM_IN_USE → adopt), joins, kicks, power levels, Space
 * links. Records every write; `failOn` makes chosen calls throw.
 */
export function makeMemoryGateway(botUserId: string) {
  const rooms = new Map<string, Room>();
  const aliases = new Map<string, string>();
  const writes: string[] = [];
  const deactivated: string[] = [];
  let next = 1;
  const failOn = new Set<string>();
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
      });
      aliases.set(alias, roomId);
      return Promise.resolve({ roomId, adopted: false });
    },
    resolveAlias: (alias) => Promise.resolve(aliases.get(alias)),
    join(roomId, userId) {
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
    deactivate(userId) {
      write(`deactivate ${userId}`);
      deactivated.push(userId);
      return Promise.resolve();
    },
  };
  return { gateway, rooms, aliases, writes, deactivated, failOn, room };
}
