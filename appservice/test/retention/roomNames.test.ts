import { describe, expect, it } from "vitest";
import type { Org } from "../../src/directory/org.ts";
import {
  archivedRoomName,
  scopeRoomName,
  type RoomNameSources,
} from "../../src/retention/roomNames.ts";

const org: Org = {
  operators: [
    { userId: "@bob:x", displayName: "Bob Baker" },
    { userId: "@alice:x", displayName: "Alice Archer" },
    { userId: "@zoe:x", displayName: "zoë Zimmer" },
  ],
  departments: [{ id: "circ", name: "Circulation", members: ["@alice:x"], admins: [] }],
  admins: [],
};

const sources: RoomNameSources = {
  org,
  managed: [
    { roomId: "!circ:x", key: "circ" },
    { roomId: "!gone:x", key: "cataloguing" },
  ],
  direct: [
    { roomId: "!ab:x", userA: "@alice:x", userB: "@bob:x" },
    { roomId: "!ba:x", userA: "@bob:x", userB: "@alice:x" },
    { roomId: "!left:x", userA: "@alice:x", userB: "@carl:x" },
    { roomId: "!z:x", userA: "@zoe:x", userB: "@bob:x" },
  ],
};

describe("scopeRoomName", () => {
  it("names the Space, All Staff and a department room from the directory", () => {
    expect(scopeRoomName({ roomId: "!s:x", kind: "space" }, sources)).toBe("Staffroom");
    expect(scopeRoomName({ roomId: "!all:x", kind: "all_staff" }, sources)).toBe("All Staff");
    expect(scopeRoomName({ roomId: "!circ:x", kind: "department" }, sources)).toBe("Circulation");
  });

  it("names a Staffroom DM by both display names, sorted the same whichever way round", () => {
    const ab = scopeRoomName({ roomId: "!ab:x", kind: "direct" }, sources);
    expect(ab).toBe("Direct chat: Alice Archer · Bob Baker");
    expect(scopeRoomName({ roomId: "!ba:x", kind: "direct" }, sources)).toBe(ab);
    // Case does not decide the order; someone no longer listed shows as their localpart.
    expect(scopeRoomName({ roomId: "!z:x", kind: "direct" }, sources)).toBe(
      "Direct chat: Bob Baker · zoë Zimmer",
    );
    expect(scopeRoomName({ roomId: "!left:x", kind: "direct" }, sources)).toBe(
      "Direct chat: Alice Archer · carl",
    );
  });

  it("keeps an adopted room's recorded name", () => {
    const room = { roomId: "!o:x", kind: "other_room" as const, name: "Book club" };
    expect(scopeRoomName(room, sources)).toBe("Book club");
    const dm = { roomId: "!d:x", kind: "other_direct" as const, name: "Direct chat: A · B" };
    expect(scopeRoomName(dm, sources)).toBe("Direct chat: A · B");
  });

  it("tells nothing it cannot know: a department gone from the directory, an unknown DM, a blank name", () => {
    expect(scopeRoomName({ roomId: "!gone:x", kind: "department" }, sources)).toBeUndefined();
    expect(scopeRoomName({ roomId: "!nope:x", kind: "department" }, sources)).toBeUndefined();
    expect(scopeRoomName({ roomId: "!nope:x", kind: "direct" }, sources)).toBeUndefined();
    expect(
      scopeRoomName({ roomId: "!o:x", kind: "other_room", name: "  " }, sources),
    ).toBeUndefined();
  });
});

describe("archivedRoomName", () => {
  it("marks an archived room once, and has no name for a blank one", () => {
    expect(archivedRoomName("Cataloguing (archived)")).toBe("Cataloguing (archived)");
    expect(archivedRoomName("Cataloguing")).toBe("Cataloguing (archived)");
    expect(archivedRoomName(" ")).toBeUndefined();
    expect(archivedRoomName(undefined)).toBeUndefined();
  });
});
