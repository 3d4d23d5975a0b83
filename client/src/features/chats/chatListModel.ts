import type { DirectoryResponse } from "@staffroom/appservice/contract";
import type { PresenceState } from "../../matrix/createPresence.ts";
import type { OpenChat } from "./openChat.ts";

/** The unread numbers of one room, as the room list reports them. */
export type RoomCounts = {
  unread: number;
  highlight: number;
  membership: string;
  /** The inviter of a direct chat the person is invited to (a DM started in another client). */
  directInviter?: string;
};

/** One row of the Internal Chat list. */
export type ChatEntry = {
  /** Stable key: `department:<id>`, `operator:<user>`, `all_staff`. */
  key: string;
  kind: OpenChat["kind"];
  title: string;
  /** Null while the room is not provisioned yet (departments) or no DM exists yet (operators). */
  roomId: string | null;
  departmentId?: string;
  /** Set for operators: whom the direct chat is with. */
  userId?: string;
  /**
   * Set for operators with DMs made in another client beside the Staffroom one: one row per
   * pair, whose badge counts the unread messages of every room of the pair.
   */
  otherRoomIds?: readonly string[];
  unread: number;
  highlight: number;
  /** Set for operators. */
  presence?: PresenceState;
};

/** The Internal Chat list: what the three groups show. */
export type ChatList = {
  departments: ChatEntry[];
  allStaff: ChatEntry | null;
  operators: ChatEntry[];
};

const byTitle = (a: ChatEntry, b: ChatEntry): number =>
  a.title.localeCompare(b.title, undefined, { sensitivity: "base" });

/**
 * Builds the list from the directory, the client's rooms and presence. Counts come from rooms
 * the client has joined, and a pending invitation counts as one; a room the person left or
 * never joined shows no badge.
 * @param directory - `GET /api/directory`
 * @param rooms - counts by room ID (from the room list)
 * @param presence - presence by user ID
 * @param directRooms - DM room IDs learnt after the directory was loaded (`POST /api/direct`)
 * @returns the {@link ChatList}
 */
export function buildChatList(
  directory: DirectoryResponse,
  rooms: ReadonlyMap<string, RoomCounts>,
  presence: ReadonlyMap<string, PresenceState>,
  directRooms: ReadonlyMap<string, string> = new Map(),
): ChatList {
  const counts = (roomId: string | null): { unread: number; highlight: number } => {
    const room = roomId === null ? undefined : rooms.get(roomId);
    // An invitation (a colleague started a DM from another client) is news: one unread, so
    // the person sees someone wants to talk before opening the chat.
    if (room?.membership === "invite") return { unread: 1, highlight: 0 };
    if (!room || room.membership !== "join") return { unread: 0, highlight: 0 };
    return { unread: room.unread, highlight: room.highlight };
  };
  const departments = directory.departments
    .map((d): ChatEntry => ({
      key: `department:${d.id}`,
      kind: "department",
      title: d.name,
      roomId: d.room_id,
      departmentId: d.id,
      ...counts(d.room_id),
    }))
    .sort(byTitle);
  const operators = directory.operators
    .map((o): ChatEntry => {
      const roomId = directRooms.get(o.user_id) ?? o.direct_room_id;
      // A DM the colleague started in another client, not adopted yet: its invitation counts.
      const invitedBy = [...rooms]
        .filter(([, room]) => room.membership === "invite" && room.directInviter === o.user_id)
        .map(([id]) => id);
      const others = [...new Set([...(o.other_room_ids ?? []), ...invitedBy])].filter(
        (id) => id !== roomId,
      );
      const total = [roomId, ...others].map(counts);
      return {
        key: `operator:${o.user_id}`,
        kind: "direct",
        title: o.display_name,
        roomId,
        userId: o.user_id,
        presence: presence.get(o.user_id) ?? "unknown",
        unread: total.reduce((sum, c) => sum + c.unread, 0),
        highlight: total.reduce((sum, c) => sum + c.highlight, 0),
        ...(others.length > 0 ? { otherRoomIds: others } : {}),
      };
    })
    .sort(byTitle);
  const allStaffId = directory.all_staff_room_id;
  const allStaff: ChatEntry | null =
    allStaffId === null
      ? null
      : {
          key: "all_staff",
          kind: "all_staff",
          title: "All Staff",
          roomId: allStaffId,
          ...counts(allStaffId),
        };
  return { departments, allStaff, operators };
}

/**
 * Sum of the unread counts of every entry, for the page title.
 * @param list - the chat list
 * @returns the total
 */
export function totalUnread(list: ChatList): number {
  const entries = [
    ...list.departments,
    ...list.operators,
    ...(list.allStaff ? [list.allStaff] : []),
  ];
  return entries.reduce((sum, entry) => sum + entry.unread, 0);
}

/**
 * What a badge shows: nothing for zero, the number up to 99, then "99+" so the pill stays small.
 * @param count - unread count
 * @returns the badge text, or null when no badge should show
 */
export function badgeText(count: number): string | null {
  if (count <= 0) return null;
  return count > 99 ? "99+" : String(count);
}

/** Words for a presence state (the dot's colour is never the only cue). */
export const presenceLabels: Record<PresenceState, string> = {
  online: "Online",
  unavailable: "Away",
  offline: "Offline",
  unknown: "Status unknown",
};

/**
 * The accessible name of a row: "Circulation, 3 unread messages", with the presence for
 * operators ("bob, Online, 1 unread message").
 * @param entry - the row
 * @returns the label
 */
export function entryLabel(entry: ChatEntry): string {
  const parts = [entry.title];
  if (entry.presence) parts.push(presenceLabels[entry.presence]);
  if (entry.highlight > 0)
    parts.push(`${entry.highlight} mention${entry.highlight === 1 ? "" : "s"} of you`);
  if (entry.unread > 0)
    parts.push(`${entry.unread} unread message${entry.unread === 1 ? "" : "s"}`);
  return parts.join(", ");
}

/**
 * The page title: the brand, prefixed with the total unread when there is any ("(3) Staffroom"),
 * so a background tab shows that something is waiting.
 * @param brand - e.g. "Staffroom"
 * @param total - total unread
 * @returns the document title
 */
export function documentTitleOf(brand: string, total: number): string {
  if (total <= 0) return brand;
  return `(${total > 99 ? "99+" : total}) ${brand}`;
}

/**
 * The {@link OpenChat} for a row with a room.
 * @param entry - the row
 * @param roomId - the room to open (a DM's room may only be known after `POST /api/direct`)
 * @returns what the chat pane opens
 */
export function toOpenChat(entry: ChatEntry, roomId: string): OpenChat {
  // The room opened is never one of its own "other rooms" (an invitation the appservice just
  // made the pair's DM).
  const others = entry.otherRoomIds?.filter((id) => id !== roomId);
  return {
    roomId,
    kind: entry.kind,
    title: entry.title,
    ...(entry.departmentId === undefined ? {} : { departmentId: entry.departmentId }),
    ...(others === undefined || others.length === 0 ? {} : { otherRoomIds: others }),
  };
}
