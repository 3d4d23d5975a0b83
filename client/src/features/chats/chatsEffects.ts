import { createEffect, onCleanup, type Accessor } from "solid-js";
import type { RoomSummary } from "../../matrix/createRoomList.ts";
import { documentTitleOf, totalUnread, type ChatList } from "./chatListModel.ts";

/**
 * Keeps the page title at "(N) Brand" while chats have unread messages; puts the plain brand
 * back when the scope ends (sign-out).
 * @param brand - the product name
 * @param list - the chat list (undefined while loading)
 */
export function createUnreadTitle(
  brand: Accessor<string>,
  list: Accessor<ChatList | undefined>,
): void {
  createEffect(() => {
    const current = list();
    document.title = documentTitleOf(brand(), current ? totalUnread(current) : 0);
  });
  onCleanup(() => {
    document.title = brand();
  });
}

/**
 * Reloads the directory when the client joins a room the list does not know: a department room
 * provisioned after the list loaded, or a direct room a colleague just opened with us (its badge
 * needs the room ID). Each unknown room triggers one reload at most, so rooms that are not chats
 * (the Space) cannot cause a loop.
 * @param list - the chat list
 * @param rooms - the client's rooms
 * @param refresh - reloads the directory
 */
export function createDirectoryRefresh(
  list: Accessor<ChatList | undefined>,
  rooms: Accessor<ReadonlyMap<string, RoomSummary>>,
  refresh: () => void,
): void {
  const asked = new Set<string>();
  createEffect(() => {
    const current = list();
    if (!current) return;
    const known = new Set(
      [...current.departments, ...current.operators, current.allStaff].map((e) => e?.roomId),
    );
    let unknown = false;
    for (const room of rooms().values()) {
      if (room.membership !== "join" || known.has(room.roomId) || asked.has(room.roomId)) continue;
      asked.add(room.roomId);
      unknown = true;
    }
    if (unknown) refresh();
  });
}
