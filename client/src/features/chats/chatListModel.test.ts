import type { DirectoryResponse } from "@staffroom/appservice/contract";
import { describe, expect, it } from "vitest";
import {
  badgeText,
  buildChatList,
  documentTitleOf,
  entryLabel,
  toOpenChat,
  totalUnread,
  type RoomCounts,
} from "./chatListModel.ts";

const directory: DirectoryResponse = {
  departments: [
    { id: "ref", name: "Reference", topic: null, room_id: "!ref", members: [] },
    { id: "circ", name: "circulation", topic: null, room_id: "!circ", members: [] },
    { id: "new", name: "Archives", topic: null, room_id: null, members: [] },
  ],
  all_staff_room_id: "!all",
  space_id: "!space",
  operators: [
    { user_id: "@carol:x", display_name: "Carol", direct_room_id: null },
    { user_id: "@bob:x", display_name: "Bob", direct_room_id: "!dm-bob" },
  ],
};

const joined = (unread: number, highlight = 0): RoomCounts => ({
  unread,
  highlight,
  membership: "join",
});

describe("buildChatList", () => {
  it("shows one row per pair: a colleague's other DMs add their unreads and open from the chat", () => {
    const withOther: DirectoryResponse = {
      ...directory,
      operators: [
        {
          user_id: "@bob:x",
          display_name: "Bob",
          direct_room_id: "!dm-bob",
          other_room_ids: ["!element-bob", "!dm-bob"],
        },
      ],
    };
    const rooms = new Map([
      ["!dm-bob", joined(1)],
      ["!element-bob", joined(2, 1)],
    ]);
    const list = buildChatList(withOther, rooms, new Map());
    expect(list.operators).toHaveLength(1);
    expect(list.operators[0]).toMatchObject({
      roomId: "!dm-bob",
      unread: 3,
      highlight: 1,
      otherRoomIds: ["!element-bob"],
    });
    const entry = list.operators[0];
    if (entry === undefined) throw new Error("no row");
    expect(toOpenChat(entry, "!dm-bob")).toMatchObject({ otherRoomIds: ["!element-bob"] });
  });

  it("maps departments, All Staff and operators with counts, presence and a stable order", () => {
    const rooms = new Map([
      ["!circ", joined(3)],
      ["!all", joined(120, 1)],
      ["!dm-bob", joined(1)],
    ]);
    const presence = new Map([["@bob:x", "online" as const]]);
    const list = buildChatList(directory, rooms, presence);
    expect(list.departments.map((d) => [d.title, d.roomId, d.unread])).toEqual([
      ["Archives", null, 0],
      ["circulation", "!circ", 3],
      ["Reference", "!ref", 0],
    ]);
    expect(list.allStaff).toMatchObject({ key: "all_staff", roomId: "!all", unread: 120 });
    expect(list.operators.map((o) => [o.title, o.presence, o.roomId, o.unread])).toEqual([
      ["Bob", "online", "!dm-bob", 1],
      ["Carol", "unknown", null, 0],
    ]);
    expect(totalUnread(list)).toBe(124);
  });

  it("shows no count for rooms the person has not joined", () => {
    const rooms = new Map([["!circ", { unread: 5, highlight: 0, membership: "leave" }]]);
    const list = buildChatList(directory, rooms, new Map());
    expect(list.departments.find((d) => d.roomId === "!circ")?.unread).toBe(0);
  });

  it("counts an invitation to a DM as one unread, so a chat started elsewhere is seen", () => {
    const rooms = new Map([["!dm-bob", { unread: 0, highlight: 0, membership: "invite" }]]);
    const list = buildChatList(directory, rooms, new Map());
    expect(list.operators.find((o) => o.roomId === "!dm-bob")?.unread).toBe(1);
  });

  it("counts a DM invitation from a colleague before Staffroom knows the room", () => {
    const invite = { unread: 0, highlight: 0, membership: "invite", directInviter: "@carol:x" };
    const list = buildChatList(directory, new Map([["!element-dm", invite]]), new Map());
    expect(list.operators.find((o) => o.userId === "@carol:x")).toMatchObject({
      unread: 1,
      otherRoomIds: ["!element-dm"],
    });
  });

  it("does not list the room it opens among its other rooms", () => {
    const invite = { unread: 0, highlight: 0, membership: "invite", directInviter: "@carol:x" };
    const list = buildChatList(directory, new Map([["!element-dm", invite]]), new Map());
    const carol = list.operators.find((o) => o.userId === "@carol:x");
    expect(carol && toOpenChat(carol, "!element-dm")).not.toHaveProperty("otherRoomIds");
  });

  it("uses a DM room learnt after the directory loaded", () => {
    const rooms = new Map([["!dm-carol", joined(2)]]);
    const list = buildChatList(directory, rooms, new Map(), new Map([["@carol:x", "!dm-carol"]]));
    expect(list.operators.find((o) => o.userId === "@carol:x")).toMatchObject({
      roomId: "!dm-carol",
      unread: 2,
    });
  });

  it("has no All Staff entry before it is provisioned", () => {
    const list = buildChatList({ ...directory, all_staff_room_id: null }, new Map(), new Map());
    expect(list.allStaff).toBeNull();
  });
});

describe("badges, labels and the title", () => {
  it("shows a badge only above zero and caps it at 99+", () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(-1)).toBeNull();
    expect(badgeText(7)).toBe("7");
    expect(badgeText(99)).toBe("99");
    expect(badgeText(100)).toBe("99+");
  });

  it("says the count and presence in words", () => {
    const list = buildChatList(
      directory,
      new Map([
        ["!circ", joined(3)],
        ["!dm-bob", joined(1)],
      ]),
      new Map([["@bob:x", "unavailable" as const]]),
    );
    const circ = list.departments.find((d) => d.departmentId === "circ")!;
    expect(entryLabel(circ)).toBe("circulation, 3 unread messages");
    expect(entryLabel(list.operators[0]!)).toBe("Bob, Away, 1 unread message");
    expect(entryLabel(list.allStaff!)).toBe("All Staff");
    expect(entryLabel({ ...circ, highlight: 1 })).toBe(
      "circulation, 1 mention of you, 3 unread messages",
    );
  });

  it("prefixes the page title with the total", () => {
    expect(documentTitleOf("Staffroom", 0)).toBe("Staffroom");
    expect(documentTitleOf("Staffroom", 3)).toBe("(3) Staffroom");
    expect(documentTitleOf("Staffroom", 250)).toBe("(99+) Staffroom");
  });

  it("turns a row into the chat the pane opens", () => {
    const list = buildChatList(directory, new Map(), new Map());
    expect(toOpenChat(list.departments[1]!, "!circ")).toEqual({
      roomId: "!circ",
      kind: "department",
      title: "circulation",
      departmentId: "circ",
    });
    expect(toOpenChat(list.operators[0]!, "!dm-bob")).toEqual({
      roomId: "!dm-bob",
      kind: "direct",
      title: "Bob",
    });
  });
});
