import { createRoot, createSignal } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import type { RoomSummary } from "../../matrix/createRoomList.ts";
import type { ChatEntry, ChatList } from "./chatListModel.ts";
import { createDirectoryRefresh, createUnreadTitle } from "./chatsEffects.ts";

const entry = (key: string, roomId: string | null, unread = 0): ChatEntry => ({
  key,
  kind: "department",
  title: key,
  roomId,
  unread,
  highlight: 0,
});

const summary = (roomId: string, membership = "join"): RoomSummary => ({
  roomId,
  name: roomId,
  membership,
  unread: 0,
  highlight: 0,
  lastActivity: 0,
});

describe("createUnreadTitle", () => {
  it("follows the total and puts the plain brand back on dispose", () => {
    const [list, setList] = createSignal<ChatList | undefined>(undefined);
    // Effects run once the root's setup returns, so assertions follow it.
    const dispose = createRoot((dispose) => {
      createUnreadTitle(() => "Staffroom", list);
      return dispose;
    });
    expect(document.title).toBe("Staffroom");
    setList({
      departments: [entry("a", "!a", 2)],
      allStaff: entry("all", "!all", 1),
      operators: [],
    });
    expect(document.title).toBe("(3) Staffroom");
    dispose();
    expect(document.title).toBe("Staffroom");
  });
});

describe("createDirectoryRefresh", () => {
  it("reloads the directory once per joined room the list does not know", () => {
    const refresh = vi.fn();
    const list: ChatList = { departments: [entry("a", "!a")], allStaff: null, operators: [] };
    const [rooms, setRooms] = createSignal<ReadonlyMap<string, RoomSummary>>(
      new Map([["!a", summary("!a")]]),
    );
    const dispose = createRoot((dispose) => {
      createDirectoryRefresh(() => list, rooms, refresh);
      return dispose;
    });
    expect(refresh).not.toHaveBeenCalled();
    setRooms(
      new Map([
        ["!a", summary("!a")],
        ["!dm", summary("!dm")],
      ]),
    );
    expect(refresh).toHaveBeenCalledOnce();
    // The same unknown room again (e.g. the Space, never in the list): no second reload.
    setRooms(
      new Map([
        ["!a", summary("!a")],
        ["!dm", summary("!dm")],
      ]),
    );
    setRooms(
      new Map([
        ["!a", summary("!a")],
        ["!dm", summary("!dm")],
        ["!inv", summary("!inv", "invite")],
      ]),
    );
    expect(refresh).toHaveBeenCalledOnce();
    dispose();
  });
});
