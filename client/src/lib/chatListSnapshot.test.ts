import { describe, expect, it } from "vitest";
import {
  chatListSnapshotKey,
  clearChatListSnapshot,
  loadChatListSnapshot,
  saveChatListSnapshot,
  type ChatListSnapshot,
} from "./chatListSnapshot.ts";

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

const snapshot: ChatListSnapshot = {
  savedAt: 1_700_000_000_000,
  groups: [
    { title: "Departments", entries: [{ id: "circ", name: "Circulation", unread: 3 }] },
    { title: "All Staff", entries: [{ id: "!all:x", name: "All Staff", unread: 0 }] },
  ],
};

describe("chat list snapshot", () => {
  it("round-trips per user", () => {
    const storage = memoryStorage();
    saveChatListSnapshot(storage, "@alice:x", snapshot);
    expect(loadChatListSnapshot(storage, "@alice:x")).toEqual(snapshot);
    expect(loadChatListSnapshot(storage, "@bob:x")).toBeNull();
  });

  it("ignores corrupt, foreign-version and mistyped entries", () => {
    const storage = memoryStorage();
    const key = chatListSnapshotKey("@alice:x");
    for (const text of [
      "{not json",
      JSON.stringify({ v: 99, ...snapshot }),
      JSON.stringify({ v: 1, savedAt: 1, groups: [{ title: 5, entries: [] }] }),
      JSON.stringify({ v: 1, savedAt: 1, groups: [{ title: "D", entries: [{ id: 1 }] }] }),
    ]) {
      storage.setItem(key, text);
      expect(loadChatListSnapshot(storage, "@alice:x")).toBeNull();
    }
  });

  it("treats a negative or missing unread count as zero", () => {
    const storage = memoryStorage();
    storage.setItem(
      chatListSnapshotKey("@alice:x"),
      JSON.stringify({
        v: 1,
        savedAt: 1,
        groups: [
          {
            title: "D",
            entries: [
              { id: "a", name: "A", unread: -2 },
              { id: "b", name: "B" },
            ],
          },
        ],
      }),
    );
    const entries = loadChatListSnapshot(storage, "@alice:x")?.groups[0]?.entries;
    expect(entries?.map((e) => e.unread)).toEqual([0, 0]);
  });

  it("clears one user's snapshot and survives a throwing storage", () => {
    const storage = memoryStorage();
    saveChatListSnapshot(storage, "@alice:x", snapshot);
    clearChatListSnapshot(storage, "@alice:x");
    expect(storage.map.size).toBe(0);
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    };
    expect(() => saveChatListSnapshot(broken, "@alice:x", snapshot)).not.toThrow();
    expect(loadChatListSnapshot(broken, "@alice:x")).toBeNull();
    expect(() => clearChatListSnapshot(broken, "@alice:x")).not.toThrow();
  });
});
