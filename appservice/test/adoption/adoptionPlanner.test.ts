import { describe, expect, it } from "vitest";
import {
  adoptedRoomName,
  planAdoption,
  snapshotFromState,
  type AdoptionContext,
  type StateEvent,
} from "../../src/adoption/adoptionPlanner.ts";

const BOT = "@staffbot:s";
const A = "@alice:s";
const B = "@bob:s";
const C = "@carol:s";
const context: AdoptionContext = {
  botUserId: BOT,
  staff: new Set([A, B, C, "@boss:s"]),
  operators: new Set([A, B, C]),
  displayNames: new Map([
    [A, "Alice Archer"],
    [B, "Bob Baker"],
    [C, "Carol Chen"],
  ]),
};

const create = (sender: string, content: Record<string, unknown> = {}): StateEvent => ({
  type: "m.room.create",
  state_key: "",
  sender,
  content,
});
const member = (
  userId: string,
  membership: string,
  extra: Partial<StateEvent> = {},
): StateEvent => ({
  type: "m.room.member",
  state_key: userId,
  sender: userId,
  content: { membership },
  ...extra,
});
const plan = (state: StateEvent[]) => planAdoption(snapshotFromState("!r:s", state), context);

describe("planAdoption", () => {
  it("adopts an Element DM between two operators as other_direct with the pair", () => {
    const state = [
      create(A),
      member(A, "join"),
      member(B, "invite", { content: { membership: "invite", is_direct: true } }),
    ];
    expect(plan(state)).toEqual({
      action: "adopt",
      kind: "other_direct",
      name: "Direct chat: Alice Archer · Bob Baker",
      members: [A, B],
      pair: { key: `${A}|${B}`, userA: A, userB: B },
    });
  });

  it("still sees a DM once the invitee joined (is_direct only in the previous content)", () => {
    const joined = member(B, "join", {
      unsigned: { prev_content: { membership: "invite", is_direct: true } },
    });
    const named = { type: "m.room.name", state_key: "", content: { name: "Us two" } };
    expect(plan([create(A), member(A, "join"), joined, named])).toMatchObject({
      kind: "other_direct",
      name: "Us two",
    });
  });

  it("adopts a DM with someone who is staff but not an operator without a pair", () => {
    const decision = plan([
      create(A),
      member(A, "join"),
      member("@boss:s", "invite", { content: { membership: "invite", is_direct: true } }),
    ]);
    expect(decision).toMatchObject({ action: "adopt", kind: "other_direct" });
    expect(decision).not.toHaveProperty("pair");
  });

  it("adopts named rooms, rooms of three and Spaces as other_room", () => {
    const name = { type: "m.room.name", state_key: "", content: { name: "Book club" } };
    expect(plan([create(C), member(C, "join"), member(A, "join"), name])).toMatchObject({
      action: "adopt",
      kind: "other_room",
      name: "Book club",
    });
    expect(
      plan([create(C), member(A, "join"), member(B, "join"), member(C, "join")]),
    ).toMatchObject({
      kind: "other_room",
      name: "Room: Alice Archer · Bob Baker · Carol Chen",
    });
    expect(
      plan([create(A, { type: "m.space" }), member(A, "join"), member(B, "join")]),
    ).toMatchObject({
      kind: "other_room",
    });
  });

  it("lists rooms with anyone outside the directory instead of adopting them", () => {
    expect(plan([create(A), member(A, "join"), member("@visitor:s", "invite")])).toMatchObject({
      action: "outside",
      outsiders: ["@visitor:s"],
    });
    expect(plan([create(A), member(A, "join"), member("@guest_abc:s", "join")])).toMatchObject({
      action: "outside",
    });
  });

  it("never adopts the bot's own rooms, meeting rooms or rooms nobody is joined to", () => {
    expect(plan([create(BOT), member(A, "join")])).toEqual({ action: "skip", reason: "bot_room" });
    const meeting = { type: "org.staffroom.meeting", state_key: "", content: { meeting_id: "m" } };
    expect(plan([create(A), member(A, "join"), meeting])).toEqual({
      action: "skip",
      reason: "meeting",
    });
    expect(plan([create(A), member(A, "leave"), member(B, "invite")])).toEqual({
      action: "skip",
      reason: "nobody_joined",
    });
  });

  it("leaves the bot out of the members and people who left out of the room", () => {
    const decision = plan([create(A), member(A, "join"), member(BOT, "join"), member(C, "leave")]);
    expect(decision).toMatchObject({ action: "adopt", members: [A], name: "Room: Alice Archer" });
  });
});

describe("adoptedRoomName", () => {
  it("falls back to localparts and shortens long lists", () => {
    const people = ["@e:s", "@d:s", "@c:s", "@b:s", "@a:s"];
    expect(adoptedRoomName(undefined, "other_room", people, new Map())).toBe("Room: a · b · c +2");
  });
});
