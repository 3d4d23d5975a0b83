import type { Org } from "../directory/org.ts";
import { CALL_EVENT_POWER } from "../meetings/callEvents.ts";
import type { RoomKind, RoomRef } from "./model.ts";

// What the directory asks for: which managed rooms exist, their names, topics, members and
// power levels. Pure; the planner compares this with what Synapse reports.

/** Name of the organisation's Space. */
export const SPACE_NAME = "Staffroom";
/** Name and topic of the All Staff room. */
export const ALL_STAFF_NAME = "All Staff";
export const ALL_STAFF_TOPIC = "Everyone on the staff, whatever their department";
/** Suffix added to an archived department room's name. */
export const ARCHIVED_SUFFIX = " (archived)";

/** Power levels in managed rooms (design: bot 100, org admins 100, department admins 50). */
export const POWER = { bot: 100, orgAdmin: 100, departmentAdmin: 50 } as const;

/** A room the directory wants, with everything the planner compares. */
export type DesiredRoom = {
  ref: RoomRef;
  name: string;
  /** Undefined: the topic is not managed (the Space). */
  topic: string | undefined;
  /** Members besides the bot, sorted. */
  members: readonly string[];
  /** The full `users` map wanted in `m.room.power_levels`, bot included. */
  powerUsers: Record<string, number>;
  /** Entries wanted in `m.room.power_levels` `events` (others there are left alone). */
  eventPower: Readonly<Record<string, number>>;
};

/** The managed room ref for a kind and key, with its alias on `serverName`. */
export function roomRef(kind: RoomKind, key: string, serverName: string): RoomRef {
  const localpart =
    kind === "space" ? "staffroom-space" : kind === "all_staff" ? "all-staff" : `dept-${key}`;
  return { kind, key, alias: `#${localpart}:${serverName}` };
}

/** Alias localpart (`dept-sales`) of a ref's alias. */
export function aliasLocalpart(ref: RoomRef): string {
  return ref.alias.slice(1, ref.alias.indexOf(":"));
}

/** Every room the directory wants: the Space, All Staff, then departments in file order. */
export function desiredRooms(org: Org, serverName: string, botUserId: string): DesiredRoom[] {
  const operators = [...new Set(org.operators.map((o) => o.userId))].sort();
  const basePower = (): Record<string, number> => {
    const users: Record<string, number> = { [botUserId]: POWER.bot };
    for (const admin of org.admins) users[admin] = POWER.orgAdmin;
    return users;
  };
  const rooms: DesiredRoom[] = [
    {
      ref: roomRef("space", "space", serverName),
      name: SPACE_NAME,
      topic: undefined,
      members: operators,
      powerUsers: basePower(),
      eventPower: {},
    },
    {
      ref: roomRef("all_staff", "all-staff", serverName),
      name: ALL_STAFF_NAME,
      topic: ALL_STAFF_TOPIC,
      members: operators,
      powerUsers: basePower(),
      eventPower: CALL_EVENT_POWER,
    },
  ];
  for (const department of org.departments) {
    const powerUsers = basePower();
    for (const admin of department.admins) {
      powerUsers[admin] = Math.max(powerUsers[admin] ?? 0, POWER.departmentAdmin);
    }
    // The directory already lists department admins among the members; a Set keeps it safe.
    const members = new Set([...department.members, ...department.admins]);
    rooms.push({
      ref: roomRef("department", department.id, serverName),
      name: department.name,
      // A topic removed from the directory is cleared in the room too.
      topic: department.topic ?? "",
      members: [...members].sort(),
      powerUsers,
      eventPower: CALL_EVENT_POWER,
    });
  }
  return rooms;
}
