import type { Org } from "../directory/org.ts";
import type { Action, ObservedStaffList, RoomKind } from "./model.ts";

// The staff guard's data (synapse-config/modules/staffroom_staff_guard.py): the marker that
// puts a room under the policy, and the staff list the module reads. Pure; the sync plans the
// list's changes here and writes them before it joins anyone.

/** State event type of the managed-room marker (state_key `""`, content `{kind}`). */
export const MANAGED_MARKER = "io.staffroom.managed";

/**
 * State event type of a staff list entry (state_key from {@link staffEntryKey}, content
 * `{"staff": true}` or `{}`).
 */
export const STAFF_ENTRY = "io.staffroom.staff";

// Matrix's auth rules reserve state keys that start with "@" to the user they name, so the
// bot cannot write one per person under the bare user ID.
const ENTRY_PREFIX = "user:";

/** The state_key of `userId`'s staff list entry: `user:@alice:example.org`. */
export const staffEntryKey = (userId: string): string => `${ENTRY_PREFIX}${userId}`;

/** The user a staff list state_key names, or undefined for any other key. */
export const userOfEntryKey = (stateKey: string): string | undefined =>
  stateKey.startsWith(`${ENTRY_PREFIX}@`) ? stateKey.slice(ENTRY_PREFIX.length) : undefined;

/** Alias localpart of the staff list room, in the appservice's `#staffroom-*` namespace. */
export const STAFF_LIST_ALIAS_LOCALPART = "staffroom-policy";

/** Name and topic of the staff list room (only the bot is in it). */
export const STAFF_LIST_NAME = "Staffroom staff list";
export const STAFF_LIST_TOPIC =
  "Who counts as staff for Staffroom's Synapse guard. Kept by the Staffroom appservice from the " +
  "staff directory; do not edit.";

/** Kinds a marker can name: the sync's rooms and Staffroom's DMs (adoption adds others). */
export type MarkerKind = RoomKind | "direct";

/** The marker's content for a kind. */
export const markerContent = (kind: MarkerKind): { kind: MarkerKind } => ({ kind });

/** The staff list's alias on `serverName`. */
export const staffListAlias = (serverName: string): string =>
  `#${STAFF_LIST_ALIAS_LOCALPART}:${serverName}`;

/** Everyone the guard lets in: the directory's operators and org admins, sorted, once each. */
export function staffOf(org: Org): string[] {
  return [...new Set([...org.operators.map((o) => o.userId), ...org.admins])].sort();
}

/**
 * Plans the staff list under `alias`: create it with everyone in `staff` when it does not exist
 * (one request, however many people), otherwise list whoever is missing and take off whoever
 * is no longer staff. `undefined` observed: there is no list under the alias yet.
 * @param staff from {@link staffOf}
 */
export function planStaffList(
  staff: readonly string[],
  observed: ObservedStaffList | undefined,
  alias: string,
): Action[] {
  if (observed === undefined) return [{ type: "createStaffList", alias, staff: [...staff] }];
  const wanted = new Set(staff);
  const roomId = observed.roomId;
  const set = (user: string, value: boolean): Action => ({
    type: "setStaff",
    alias,
    roomId,
    user,
    staff: value,
  });
  return [
    ...staff.filter((user) => !observed.listed.has(user)).map((user) => set(user, true)),
    ...[...observed.listed]
      .filter((user) => !wanted.has(user))
      .sort()
      .map((user) => set(user, false)),
  ];
}
