import { describe, expect, it } from "vitest";
import {
  mentionedUserOf,
  mentionQueryAt,
  mentionsUser,
  suggestMentions,
  userLinkOf,
} from "./mentions.ts";

const staff = [
  { userId: "@ana:lib.example", name: "Ana Lima" },
  { userId: "@ben:lib.example", name: "Ben Okafor" },
  { userId: "@c.anders:lib.example", name: "Carla Anders" },
  { userId: "@dan:lib.example", name: "Dan" },
];

describe("mentionQueryAt", () => {
  it("finds an @ at the start of a word and what follows it", () => {
    expect(mentionQueryAt("@")).toEqual({ query: "", start: 0 });
    expect(mentionQueryAt("thanks @an")).toEqual({ query: "an", start: 7 });
  });

  it("ignores e-mail addresses, finished words and long runs", () => {
    expect(mentionQueryAt("mail ana@lib.example")).toBeNull();
    expect(mentionQueryAt("@ana done")).toBeNull();
    expect(mentionQueryAt(`@${"x".repeat(40)}`)).toBeNull();
  });
});

describe("suggestMentions", () => {
  it("matches the start of a name, of one of its words, or of the user ID", () => {
    expect(
      suggestMentions("an", staff, false).map((s) => (s.kind === "user" ? s.name : "@room")),
    ).toEqual(["Ana Lima", "Carla Anders"]);
    expect(suggestMentions("oka", staff, false)).toEqual([
      { kind: "user", userId: "@ben:lib.example", name: "Ben Okafor" },
    ]);
    expect(suggestMentions("c.an", staff, false)).toHaveLength(1);
  });

  it("offers @room first only to those allowed to notify everyone", () => {
    expect(suggestMentions("", staff, true)[0]).toEqual({ kind: "room" });
    expect(suggestMentions("ro", staff, true)).toEqual([{ kind: "room" }]);
    expect(suggestMentions("", staff, false).some((s) => s.kind === "room")).toBe(false);
  });

  it("shows at most eight", () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ userId: `@u${i}:x`, name: `User ${i}` }));
    expect(suggestMentions("u", many, true)).toHaveLength(8);
  });
});

describe("pills", () => {
  it("links to matrix.to as Element does, and reads plain or encoded links back", () => {
    expect(userLinkOf("@ana:lib.example")).toBe("https://matrix.to/#/@ana:lib.example");
    expect(mentionedUserOf("https://matrix.to/#/@ana:lib.example")).toBe("@ana:lib.example");
    expect(mentionedUserOf("https://matrix.to/#/%40ana%3Alib.example")).toBe("@ana:lib.example");
    expect(mentionedUserOf("https://matrix.to/#/!room:lib.example")).toBeUndefined();
    expect(mentionedUserOf("https://example.org/@ana:lib.example")).toBeUndefined();
    expect(mentionedUserOf("https://matrix.to/#/%E0%A4%A")).toBeUndefined();
  });
});

describe("mentionsUser", () => {
  const me = "@ana:lib.example";
  it("reads m.mentions, and @room when its sender may use it", () => {
    expect(mentionsUser({ body: "x", "m.mentions": { user_ids: [me] } }, me)).toBe(true);
    expect(mentionsUser({ body: "x", "m.mentions": { user_ids: ["@ben:lib.example"] } }, me)).toBe(
      false,
    );
    expect(mentionsUser({ body: "@room", "m.mentions": { room: true } }, me)).toBe(true);
    expect(mentionsUser({ body: "@room", "m.mentions": { room: true } }, me, false)).toBe(false);
  });

  it("falls back to a pill for clients that send no m.mentions", () => {
    const html = `hi <a href="https://matrix.to/#/${me}">Ana</a>`;
    expect(mentionsUser({ body: "hi Ana", formatted_body: html }, me)).toBe(true);
    expect(mentionsUser({ body: "hi Ana", formatted_body: html, "m.mentions": {} }, me)).toBe(
      false,
    );
  });
});
