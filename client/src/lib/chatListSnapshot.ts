import type { KeyValueStorage } from "../matrix/storedSession.ts";

/**
 * A small copy of what the chat list last showed, so a reload paints the list at once, before
 * matrix-js-sdk (≈250 KB gzip) has even downloaded. Written by the chat list after each sync,
 * read by the start-up shell. Plain data only; nothing here may import the SDK.
 */
export type ChatListSnapshot = {
  /** Groups in display order (Departments, Operators, All Staff). */
  groups: ChatListSnapshotGroup[];
  /** When it was written (ms since epoch), for logs and staleness checks. */
  savedAt: number;
};

/** One titled group of the cached list. */
export type ChatListSnapshotGroup = {
  title: string;
  entries: ChatListSnapshotEntry[];
};

/** One row of the cached list. */
export type ChatListSnapshotEntry = {
  /** Stable key (room ID, department ID or user ID). */
  id: string;
  /** What the row shows: department name, colleague's name or "All Staff". */
  name: string;
  /** Server-side unread notification count at the time of writing. */
  unread: number;
};

const KEY_PREFIX = "staffroom.chatList.";
// Bumped when the shape changes; an older entry is ignored rather than misread.
const VERSION = 1;

/** The storage key for one user's snapshot (per user: a shared computer may see several). */
export function chatListSnapshotKey(userId: string): string {
  return `${KEY_PREFIX}${userId}`;
}

/**
 * Stores the list as the person last saw it. Storage errors (quota, private mode) are ignored:
 * the cache only makes start-up faster, it is never the source of truth.
 * @param storage - usually `window.localStorage`
 * @param userId - the signed-in user
 * @param snapshot - the list's view data
 */
export function saveChatListSnapshot(
  storage: KeyValueStorage,
  userId: string,
  snapshot: ChatListSnapshot,
): void {
  try {
    storage.setItem(chatListSnapshotKey(userId), JSON.stringify({ v: VERSION, ...snapshot }));
  } catch {
    // A full or disabled storage only costs the fast start.
  }
}

/**
 * Reads a user's snapshot; anything unreadable counts as "no cache".
 * @param storage - usually `window.localStorage`
 * @param userId - the user whose list to read
 * @returns the snapshot, or null
 */
export function loadChatListSnapshot(
  storage: KeyValueStorage,
  userId: string,
): ChatListSnapshot | null {
  let text: string | null;
  try {
    text = storage.getItem(chatListSnapshotKey(userId));
  } catch {
    return null;
  }
  if (text === null) return null;
  try {
    return parseSnapshot(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * Forgets a user's snapshot (on sign-out: the next person at this computer must not see it).
 * @param storage - usually `window.localStorage`
 * @param userId - the user signing out
 */
export function clearChatListSnapshot(storage: KeyValueStorage, userId: string): void {
  try {
    storage.removeItem(chatListSnapshotKey(userId));
  } catch {
    // Nothing stored, nothing to leak.
  }
}

function parseSnapshot(value: unknown): ChatListSnapshot | null {
  if (!isRecord(value) || value.v !== VERSION || !Array.isArray(value.groups)) return null;
  if (typeof value.savedAt !== "number") return null;
  const groups: ChatListSnapshotGroup[] = [];
  for (const group of value.groups) {
    if (!isRecord(group) || typeof group.title !== "string" || !Array.isArray(group.entries))
      return null;
    const entries: ChatListSnapshotEntry[] = [];
    for (const entry of group.entries) {
      if (!isRecord(entry) || typeof entry.id !== "string" || typeof entry.name !== "string")
        return null;
      const unread = typeof entry.unread === "number" && entry.unread > 0 ? entry.unread : 0;
      entries.push({ id: entry.id, name: entry.name, unread });
    }
    groups.push({ title: group.title, entries });
  }
  return { groups, savedAt: value.savedAt };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
