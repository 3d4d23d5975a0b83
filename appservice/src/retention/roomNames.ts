// The names admins read for the rooms in a scrub's scope, pure: from the directory and the
// appservice's own records, so a preview needs no Matrix call for a room it can name itself.
import { adoptedRoomName } from "../adoption/adoptionPlanner.ts";
import type { Org } from "../directory/org.ts";
import { ALL_STAFF_NAME, ARCHIVED_SUFFIX, SPACE_NAME } from "../provisioning/desiredRooms.ts";
import type { ScopeRoom } from "./scrubPlanner.ts";

/** What the names come from, besides the scope itself. */
export type RoomNameSources = {
  org: Org;
  /** `managed_rooms`: a department room's `key` is its department id. */
  managed: readonly { roomId: string; key: string }[];
  /** `direct_rooms`: the pair of each Staffroom DM. */
  direct: readonly { roomId: string; userA: string; userB: string }[];
};

/**
 * A room's name for admins, or undefined when the appservice's records cannot tell it (a
 * department no longer in the directory, whose name only Matrix still knows):
 * - the Space and All Staff by the names the sync gives them;
 * - a department room by its department's name;
 * - a Staffroom DM as "Direct chat: Alice Archer · Bob Baker" (directory display names,
 *   sorted; the localpart for anyone the directory no longer lists);
 * - a room adopted from another client by the name recorded when it was adopted.
 */
export function scopeRoomName(room: ScopeRoom, sources: RoomNameSources): string | undefined {
  switch (room.kind) {
    case "space":
      return SPACE_NAME;
    case "all_staff":
      return ALL_STAFF_NAME;
    case "department": {
      const key = sources.managed.find((m) => m.roomId === room.roomId)?.key;
      return sources.org.departments.find((d) => d.id === key)?.name;
    }
    case "direct": {
      const pair = sources.direct.find((d) => d.roomId === room.roomId);
      if (pair === undefined) return undefined;
      return adoptedRoomName(
        undefined,
        "other_direct",
        [pair.userA, pair.userB],
        displayNames(sources.org),
      );
    }
    case "other_direct":
    case "other_room":
      return blankToUndefined(room.name);
  }
}

/** The directory's display names by user ID. */
export function displayNames(org: Org): Map<string, string> {
  return new Map(org.operators.map((o) => [o.userId, o.displayName]));
}

/**
 * The name of an archived department room as Matrix has it: the sync renamed it
 * "Circulation (archived)" when the department left the directory. Undefined for a blank one.
 */
export function archivedRoomName(matrixName: string | undefined): string | undefined {
  const name = blankToUndefined(matrixName);
  if (name === undefined) return undefined;
  return name.endsWith(ARCHIVED_SUFFIX) ? name : `${name}${ARCHIVED_SUFFIX}`;
}

const blankToUndefined = (name: string | undefined): string | undefined =>
  name === undefined || name.trim() === "" ? undefined : name.trim();
