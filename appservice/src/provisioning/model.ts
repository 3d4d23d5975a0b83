// The data of provisioning and membership sync: managed rooms, what Synapse says about them,
// and the actions that bring them in line with the directory. Plain data only, so the planner
// and its tests work with literals.

/** What a managed room is for. */
export type RoomKind = "space" | "all_staff" | "department";

/** A room the appservice provisioned, as stored in `managed_rooms`. */
export type ManagedRoom = {
  kind: RoomKind;
  /** Department id, or "space" / "all-staff". */
  key: string;
  roomId: string;
  /** Canonical alias, e.g. `#dept-sales:staffroom.local`; the idempotency key of creation. */
  alias: string;
  /** When its department left the directory; null while active. */
  archivedAt: Date | null;
};

/** A membership state in Synapse. */
export type Membership = "join" | "invite" | "leave" | "ban" | "knock";

/**
 * The current state of a managed room as Synapse reports it, read in one request per room
 * (the Admin API's room state), so observing grows with rooms, not with users × rooms.
 */
export type ObservedRoom = {
  roomId: string;
  /** Latest membership of every user who ever had a member event. */
  members: Readonly<Record<string, Membership>>;
  /** `m.room.power_levels` content's `users` map. */
  powerUsers: Readonly<Record<string, number>>;
  /** `m.room.power_levels` content's `events` map. */
  powerEvents: Readonly<Record<string, number>>;
  /**
   * Users whose power is unlimited by room version (room v12 creators): Synapse refuses them
   * in the `users` map, so the planner leaves them out of it.
   */
  privilegedCreators: readonly string[];
  name: string | undefined;
  topic: string | undefined;
  /** Room IDs listed by `m.space.child` events with a non-empty `via` (the Space only). */
  spaceChildren: readonly string[];
  /** Room IDs listed by `m.space.parent` events with a non-empty `via`. */
  spaceParents: readonly string[];
  /** `kind` of the room's `io.staffroom.managed` marker; undefined when it has none. */
  managedKind: string | undefined;
};

/** The staff list as Synapse holds it (the bot's `#staffroom-policy` room). */
export type ObservedStaffList = {
  roomId: string;
  /** Users whose `io.staffroom.staff` event, sent by the bot, says `{"staff": true}`. */
  listed: ReadonlySet<string>;
};

/** A managed room (known or yet to create) as actions refer to it. */
export type RoomRef = { kind: RoomKind; key: string; alias: string };

/** One step towards the directory's state. The executor applies them; the dry run prints them. */
export type Action =
  | { type: "createRoom"; room: RoomRef; name: string; topic: string | undefined }
  | { type: "join"; room: RoomRef; user: string; unban: boolean }
  | { type: "remove"; room: RoomRef; user: string; reason: string }
  /** The full desired `users` map (merged into the rest of the power levels content). */
  | { type: "setPowerLevels"; room: RoomRef; users: Record<string, number> }
  /** Entries set in the `events` map of the power levels (meetings: call membership at 0). */
  | { type: "setEventPower"; room: RoomRef; events: Record<string, number> }
  | { type: "rename"; room: RoomRef; name: string }
  | { type: "setTopic"; room: RoomRef; topic: string }
  /** `room` is the Space; `child` is set as its child (and the Space as the child's parent). */
  | { type: "addSpaceChild"; room: RoomRef; child: RoomRef }
  /** `room` is the Space; `childRoomId` may be a room the appservice does not manage. */
  | { type: "removeSpaceChild"; room: RoomRef; childRoomId: string; childAlias: string | undefined }
  /** Marks the department room archived (after its members were removed) and renames it. */
  | { type: "archive"; room: RoomRef; name: string }
  /** The department is back in the directory: the room is active again. */
  | { type: "unarchive"; room: RoomRef }
  /** Deactivates a departed operator's account (config `provisioning.deactivate_departed`). */
  | { type: "deactivate"; user: string }
  /** Sets `io.staffroom.managed` `{kind}` (a room made before markers, or one missing it). */
  | { type: "setMarker"; room: RoomRef }
  /** Creates the staff list with every member of staff in it (one request). */
  | { type: "createStaffList"; alias: string; staff: readonly string[] }
  /** Lists a user as staff in the staff list, or takes them off it. */
  | { type: "setStaff"; alias: string; roomId: string; user: string; staff: boolean };

/** An action's `type`. */
export type ActionType = Action["type"];

/** Key of a room in maps: `kind:key`. */
export const roomKeyOf = (room: { kind: RoomKind; key: string }): string =>
  `${room.kind}:${room.key}`;
