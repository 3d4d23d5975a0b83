import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";
import { runAction } from "../../lib/runAction.ts";
import type { RoomSummary } from "../../matrix/createRoomList.ts";
import { markRoomRead } from "../../matrix/markRoomRead.ts";
import type { MatrixSession } from "../../matrix/session.ts";
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

/**
 * Marks the open chat as read while the person can see it: when it opens, when new messages
 * raise its count, and when the browser tab becomes visible again. The badge then clears from
 * the server's count (here and in other clients). The chat pane may also send receipts as it
 * scrolls; a second receipt for the same event is harmless.
 * @param session - the running session
 * @param openRoomId - the room on screen, or null
 * @param rooms - the client's rooms (for the open room's count)
 */
export function createReadTracking(
  session: MatrixSession,
  openRoomId: Accessor<string | null>,
  rooms: Accessor<ReadonlyMap<string, RoomSummary>>,
): void {
  const [visible, setVisible] = createSignal(document.visibilityState === "visible");
  const onVisibility = (): void => {
    setVisible(document.visibilityState === "visible");
  };
  document.addEventListener("visibilitychange", onVisibility);
  onCleanup(() => document.removeEventListener("visibilitychange", onVisibility));

  const unreadOfOpen = (): number => {
    const roomId = openRoomId();
    return roomId === null ? 0 : (rooms().get(roomId)?.unread ?? 0);
  };
  createEffect(
    on([openRoomId, unreadOfOpen, visible], ([roomId, unread, isVisible]) => {
      if (roomId === null || unread === 0 || !isVisible) return;
      // Background work: failures are logged by runAction; the badge simply stays.
      void runAction("Marking the chat as read", () => markRoomRead(session, roomId));
    }),
  );
}
