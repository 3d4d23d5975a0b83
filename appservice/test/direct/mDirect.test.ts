import { describe, expect, it } from "vitest";
import { addDirectRoom, directRoomsWith } from "../../src/direct/mDirect.ts";

describe("addDirectRoom", () => {
  it("adds the room to an empty m.direct", () => {
    expect(addDirectRoom({}, "@bob:x", "!r1:x")).toEqual({ "@bob:x": ["!r1:x"] });
  });

  it("keeps every other entry and appends to the person's list", () => {
    const content = {
      "@bob:x": ["!old:x"],
      "@carol:x": ["!c:x"],
      "io.example.unknown": { kept: true },
    };
    expect(addDirectRoom(content, "@bob:x", "!r1:x")).toEqual({
      "@bob:x": ["!old:x", "!r1:x"],
      "@carol:x": ["!c:x"],
      "io.example.unknown": { kept: true },
    });
    // The input is not modified.
    expect(content["@bob:x"]).toEqual(["!old:x"]);
  });

  it("answers undefined when the room is already listed (nothing to write)", () => {
    expect(addDirectRoom({ "@bob:x": ["!r1:x"] }, "@bob:x", "!r1:x")).toBeUndefined();
  });

  it("replaces a malformed value under the person's key, dropping non-strings", () => {
    expect(addDirectRoom({ "@bob:x": "!r0:x" }, "@bob:x", "!r1:x")).toEqual({
      "@bob:x": ["!r1:x"],
    });
    expect(addDirectRoom({ "@bob:x": ["!r0:x", 7] }, "@bob:x", "!r1:x")).toEqual({
      "@bob:x": ["!r0:x", "!r1:x"],
    });
  });
});

describe("directRoomsWith", () => {
  it("lists the rooms under a person, empty when none or malformed", () => {
    expect(directRoomsWith({ "@bob:x": ["!a:x", "!b:x"] }, "@bob:x")).toEqual(["!a:x", "!b:x"]);
    expect(directRoomsWith({}, "@bob:x")).toEqual([]);
    expect(directRoomsWith({ "@bob:x": { no: 1 } }, "@bob:x")).toEqual([]);
  });
});
