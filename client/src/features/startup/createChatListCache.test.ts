import { createRoot, createSignal } from "solid-js";
import { describe, expect, it } from "vitest";
import { loadChatListSnapshot } from "../../lib/chatListSnapshot.ts";
import type { ChatEntry, ChatList } from "../chats/chatListModel.ts";
import { chatListSnapshotOf, createChatListCache } from "./createChatListCache.ts";

const entry = (key: string, title: string, unread = 0): ChatEntry => ({
  key,
  kind: key.startsWith("operator") ? "direct" : key === "all_staff" ? "all_staff" : "department",
  title,
  roomId: `!${key}:x`,
  unread,
  highlight: 0,
});

const list: ChatList = {
  departments: [entry("department:circ", "Circulation", 3)],
  allStaff: entry("all_staff", "All Staff"),
  operators: [entry("operator:@bob:x", "Bob", 1)],
};

function memoryStorage() {
  const map = new Map<string, string>();
  let writes = 0;
  return {
    writes: () => writes,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => {
      writes += 1;
      map.set(key, value);
    },
    removeItem: (key: string) => void map.delete(key),
  };
}

describe("chatListSnapshotOf", () => {
  it("groups departments, then operators with All Staff first", () => {
    expect(chatListSnapshotOf(list, 5)).toEqual({
      savedAt: 5,
      groups: [
        {
          title: "Departments",
          entries: [{ id: "department:circ", name: "Circulation", unread: 3 }],
        },
        {
          title: "Operators",
          entries: [
            { id: "all_staff", name: "All Staff", unread: 0 },
            { id: "operator:@bob:x", name: "Bob", unread: 1 },
          ],
        },
      ],
    });
  });
});

describe("createChatListCache", () => {
  it("writes when the rows change and skips identical lists", async () => {
    const storage = memoryStorage();
    const [current, setCurrent] = createSignal<ChatList | undefined>(undefined);
    const dispose = createRoot((dispose) => {
      createChatListCache("@alice:x", current, storage);
      return dispose;
    });
    await Promise.resolve();
    expect(storage.writes()).toBe(0);
    setCurrent(list);
    await Promise.resolve();
    expect(loadChatListSnapshot(storage, "@alice:x")?.groups[0]?.entries[0]?.unread).toBe(3);
    setCurrent({ ...list });
    await Promise.resolve();
    expect(storage.writes()).toBe(1);
    setCurrent({ ...list, departments: [entry("department:circ", "Circulation", 0)] });
    await Promise.resolve();
    expect(storage.writes()).toBe(2);
    dispose();
  });
});
