import type { Action, RoomKind } from "./model.ts";

const MARKED: Record<RoomKind, string> = {
  space: "Space",
  all_staff: "All Staff room",
  department: "department room",
};

/** An action as people read it: the dry run, the admin API and the audit log use this. */
export type ActionView = {
  type: Action["type"];
  /** The room's alias (or room ID for a stray Space child); absent for account actions. */
  room?: string;
  user?: string;
  detail: string;
};

/** Describes an action in one short line. */
export function describeAction(action: Action): ActionView {
  switch (action.type) {
    case "createRoom":
      return {
        type: action.type,
        room: action.room.alias,
        detail: `create ${action.room.kind === "space" ? "Space" : "room"} "${action.name}"`,
      };
    case "join":
      return {
        type: action.type,
        room: action.room.alias,
        user: action.user,
        detail: action.unban ? "unban, then join" : "join",
      };
    case "remove":
      return {
        type: action.type,
        room: action.room.alias,
        user: action.user,
        detail: `remove: ${action.reason}`,
      };
    case "setPowerLevels":
      return {
        type: action.type,
        room: action.room.alias,
        detail: `power levels: ${Object.entries(action.users)
          .map(([user, level]) => `${user}=${level}`)
          .join(", ")}`,
      };
    case "setEventPower":
      return {
        type: action.type,
        room: action.room.alias,
        detail: `event power levels: ${Object.entries(action.events)
          .map(([type, level]) => `${type}=${level}`)
          .join(", ")}`,
      };
    case "rename":
      return { type: action.type, room: action.room.alias, detail: `rename to "${action.name}"` };
    case "setTopic":
      return { type: action.type, room: action.room.alias, detail: `topic "${action.topic}"` };
    case "addSpaceChild":
      return {
        type: action.type,
        room: action.child.alias,
        detail: `add to the Space ${action.room.alias}`,
      };
    case "removeSpaceChild":
      return {
        type: action.type,
        room: action.childAlias ?? action.childRoomId,
        detail: `remove from the Space ${action.room.alias}`,
      };
    case "archive":
      return { type: action.type, room: action.room.alias, detail: `archive as "${action.name}"` };
    case "unarchive":
      return { type: action.type, room: action.room.alias, detail: "unarchive" };
    case "deactivate":
      return { type: action.type, user: action.user, detail: "deactivate the account" };
    case "setMarker":
      return {
        type: action.type,
        room: action.room.alias,
        detail: `mark as Staffroom's ${MARKED[action.room.kind]}: staff only`,
      };
    case "createStaffList":
      return {
        type: action.type,
        room: action.alias,
        detail: `create the staff list with ${action.staff.length} ${
          action.staff.length === 1 ? "person" : "people"
        }`,
      };
    case "setStaff":
      return {
        type: action.type,
        room: action.alias,
        user: action.user,
        detail: action.staff ? "add to the staff list" : "take off the staff list",
      };
  }
}
