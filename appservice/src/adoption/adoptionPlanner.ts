// Pure planning of room adoption: which rooms staff made in another client come under the
// policy, as which kind, under which name, and which DMs are an operator pair's. The service
// does the I/O; everything here takes data and returns data.

/** Marker state event of every room under the policy (content `{kind}`). */
export const MANAGED_MARKER_TYPE = "io.staffroom.managed";
/** State event the bot puts in its meeting rooms: such rooms are never adopted. */
export const MEETING_STATE_TYPE = "org.staffroom.meeting";

/** The two kinds of adopted room. */
export type AdoptedKind = "other_direct" | "other_room";

/** A state event as the Admin API's `/rooms/{id}/state` lists it. */
export type StateEvent = {
  type: string;
  state_key?: string;
  sender?: string;
  content?: Record<string, unknown>;
  /** Synapse adds the previous content: an invitee's join follows the invite's `is_direct`. */
  unsigned?: { prev_content?: Record<string, unknown> };
};

/** What adoption needs to know of a room, read from its current state. */
export type RoomSnapshot = {
  roomId: string;
  /** Sender of `m.room.create` (the creator). */
  creator: string | undefined;
  /** `m.room.create` content `type` (`m.space` for Spaces). */
  roomType: string | undefined;
  /** `m.room.name`, when set and not blank. */
  name: string | undefined;
  /** Joined and invited people, with whether their membership event says `is_direct`. */
  members: { userId: string; membership: "join" | "invite"; isDirect: boolean }[];
  /** The room carries `org.staffroom.meeting`. */
  meeting: boolean;
};

/** Reads a {@link RoomSnapshot} from a room's current state events. */
export function snapshotFromState(roomId: string, state: readonly StateEvent[]): RoomSnapshot {
  const snapshot: RoomSnapshot = {
    roomId,
    creator: undefined,
    roomType: undefined,
    name: undefined,
    members: [],
    meeting: false,
  };
  for (const event of state) {
    const content = event.content ?? {};
    if (event.type === "m.room.create") {
      snapshot.creator = event.sender;
      snapshot.roomType = typeof content["type"] === "string" ? content["type"] : undefined;
    } else if (event.type === "m.room.name" && typeof content["name"] === "string") {
      snapshot.name = content["name"].trim() || undefined;
    } else if (event.type === MEETING_STATE_TYPE) {
      snapshot.meeting = true;
    } else if (event.type === "m.room.member" && typeof event.state_key === "string") {
      const membership = content["membership"];
      if (membership !== "join" && membership !== "invite") continue;
      snapshot.members.push({
        userId: event.state_key,
        membership,
        isDirect:
          content["is_direct"] === true || event.unsigned?.prev_content?.["is_direct"] === true,
      });
    }
  }
  return snapshot;
}

/** Who is who, for {@link planAdoption}. */
export type AdoptionContext = {
  botUserId: string;
  /** Everyone in the staff directory (operators and admins). */
  staff: ReadonlySet<string>;
  /** Operators (only they have direct chats in Staffroom). */
  operators: ReadonlySet<string>;
  /** Display names from the directory, for rooms without a name. */
  displayNames: ReadonlyMap<string, string>;
};

/** What to do with a room found on the server. */
export type AdoptionDecision =
  | {
      action: "adopt";
      kind: AdoptedKind;
      name: string;
      members: string[];
      /** Set for a DM between two operators: `{key, userA, userB}` as direct_rooms keys it. */
      pair?: { key: string; userA: string; userB: string };
    }
  | { action: "outside"; kind: AdoptedKind; name: string; members: string[]; outsiders: string[] }
  | { action: "skip"; reason: "bot_room" | "meeting" | "nobody_joined" };

/**
 * Decides a room Staffroom did not make itself. Rooms the bot created (its own, meeting rooms
 * included) and rooms carrying the meeting state are never adopted; a room nobody is joined
 * to is left alone. A room whose every joined or invited person is staff is adopted: a DM
 * (exactly two people, not a Space, a membership marked `is_direct` — an invitee's join carries
 * it in the previous content) as `other_direct`, anything else as `other_room`. A room with
 * anyone outside the directory (another server's user, a meeting guest, an account the
 * directory does not list) is not adopted: it is listed for the admins with who they are.
 */
export function planAdoption(room: RoomSnapshot, context: AdoptionContext): AdoptionDecision {
  if (room.creator === context.botUserId) return { action: "skip", reason: "bot_room" };
  if (room.meeting) return { action: "skip", reason: "meeting" };
  const people = room.members.filter((member) => member.userId !== context.botUserId);
  if (!people.some((member) => member.membership === "join")) {
    return { action: "skip", reason: "nobody_joined" };
  }
  const members = [...new Set(people.map((member) => member.userId))].sort();
  const direct =
    members.length === 2 && room.roomType !== "m.space" && people.some((member) => member.isDirect);
  const kind: AdoptedKind = direct ? "other_direct" : "other_room";
  const name = adoptedRoomName(room.name, kind, members, context.displayNames);
  const outsiders = members.filter((userId) => !context.staff.has(userId));
  if (outsiders.length > 0) return { action: "outside", kind, name, members, outsiders };
  const [userA, userB] = members;
  if (
    direct &&
    userA !== undefined &&
    userB !== undefined &&
    context.operators.has(userA) &&
    context.operators.has(userB)
  ) {
    return {
      action: "adopt",
      kind,
      name,
      members,
      pair: { key: `${userA}|${userB}`, userA, userB },
    };
  }
  return { action: "adopt", kind, name, members };
}

/** How many people an unnamed room's name lists before "+N". */
const NAMED_PEOPLE = 3;

/**
 * The name admins see: the room's `m.room.name`, else "Direct chat: Alice Archer · Bob Baker"
 * for a DM, "Room: Alice Archer · Bob Baker · Carol Chen +2" for another room, with the
 * directory's display names (the localpart for anyone it does not list), sorted.
 */
export function adoptedRoomName(
  roomName: string | undefined,
  kind: AdoptedKind,
  members: readonly string[],
  displayNames: ReadonlyMap<string, string>,
): string {
  if (roomName !== undefined) return roomName.slice(0, 255);
  const names = members
    .map((userId) => displayNames.get(userId) ?? localpart(userId))
    .sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base" }));
  const shown = names.slice(0, NAMED_PEOPLE).join(" · ");
  const more = names.length > NAMED_PEOPLE ? ` +${names.length - NAMED_PEOPLE}` : "";
  const prefix = kind === "other_direct" ? "Direct chat" : "Room";
  return `${prefix}: ${shown || "nobody"}${more}`.slice(0, 255);
}

const localpart = (userId: string): string => userId.replace(/^@/, "").split(":")[0] ?? userId;

/**
 * The pair rule for a DM between two operators adopted from another client: it becomes the
 * pair's direct room when the pair has none; otherwise it stays one of the pair's other rooms,
 * shown beside the direct room (never merged, never hidden).
 * @param existing the pair's direct room, when `direct_rooms` has one
 */
export function pairRoomRole(
  existing: string | null | undefined,
  roomId: string,
): "direct" | "other" {
  return existing === null || existing === undefined || existing === roomId ? "direct" : "other";
}
