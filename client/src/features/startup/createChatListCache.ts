import { createEffect, type Accessor } from "solid-js";
import { saveChatListSnapshot, type ChatListSnapshot } from "../../lib/chatListSnapshot.ts";
import type { KeyValueStorage } from "../../matrix/storedSession.ts";
import type { ChatList } from "../chats/chatListModel.ts";

/**
 * The cached form of the Internal Chat list, grouped as the live list shows it: Departments,
 * then Operators with All Staff first.
 * @param list - the live list's view data
 * @param now - the time to record (tests pass a fixed one)
 * @returns the snapshot to store
 */
export function chatListSnapshotOf(list: ChatList, now = Date.now()): ChatListSnapshot {
  const row = (entry: { key: string; title: string; unread: number }) => ({
    id: entry.key,
    name: entry.title,
    unread: entry.unread,
  });
  return {
    savedAt: now,
    groups: [
      { title: "Departments", entries: list.departments.map(row) },
      {
        title: "Operators",
        entries: [...(list.allStaff ? [list.allStaff] : []), ...list.operators].map(row),
      },
    ],
  };
}

/**
 * Keeps the start-up snapshot of the chat list current: whenever the live list changes (after
 * each sync, a badge, a new department) the snapshot is rewritten, unless only the time moved.
 * Call from the component that owns the live list.
 * @param userId - the signed-in user (snapshots are per user)
 * @param list - the live list (undefined while loading: nothing is written)
 * @param storage - usually `window.localStorage`
 */
export function createChatListCache(
  userId: string,
  list: Accessor<ChatList | undefined>,
  storage: KeyValueStorage = window.localStorage,
): void {
  let last = "";
  createEffect(() => {
    const current = list();
    if (!current) return;
    const snapshot = chatListSnapshotOf(current);
    // Presence flickers often and is not cached; skip writes that would store the same rows.
    const rows = JSON.stringify(snapshot.groups);
    if (rows === last) return;
    last = rows;
    saveChatListSnapshot(storage, userId, snapshot);
  });
}
