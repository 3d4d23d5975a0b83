import { describe, expect, it } from "vitest";
import {
  buildDirectoryView,
  canSeeDepartment,
  canUseDirectory,
  departmentMembers,
} from "../../src/direct/directoryView.ts";
import type { ManagedRoomRef } from "../../src/direct/ports.ts";
import type { Org } from "../../src/directory/org.ts";

const A = "@alice:s.local";
const B = "@bob:s.local";
const C = "@carol:s.local";
const D = "@dana:s.local";

const org: Org = {
  operators: [
    { userId: A, displayName: "Alice" },
    { userId: B, displayName: "Bob" },
    { userId: C, displayName: "Carol" },
    { userId: D, displayName: "Dana" },
  ],
  departments: [
    { id: "ref", name: "Reference", topic: "Readers", members: [A, B], admins: [B] },
    { id: "lend", name: "Lending", members: [C, D], admins: [] },
  ],
  admins: [D],
};

const rooms: ManagedRoomRef[] = [
  { kind: "space", key: "space", roomId: "!space:s", archivedAt: null },
  { kind: "all_staff", key: "all-staff", roomId: "!all:s", archivedAt: null },
  { kind: "department", key: "ref", roomId: "!ref:s", archivedAt: null },
  { kind: "department", key: "lend", roomId: "!lend-old:s", archivedAt: new Date(0) },
];

describe("buildDirectoryView", () => {
  it("shows an operator their departments, the shared rooms and the other operators", () => {
    const view = buildDirectoryView({
      org,
      caller: A,
      rooms,
      directRooms: new Map([[B, "!dm-ab:s"]]),
    });
    expect(view).toEqual({
      departments: [
        {
          id: "ref",
          name: "Reference",
          topic: "Readers",
          room_id: "!ref:s",
          members: [
            { user_id: A, display_name: "Alice", is_admin: false },
            { user_id: B, display_name: "Bob", is_admin: true },
          ],
        },
      ],
      all_staff_room_id: "!all:s",
      space_id: "!space:s",
      operators: [
        { user_id: B, display_name: "Bob", direct_room_id: "!dm-ab:s" },
        { user_id: C, display_name: "Carol", direct_room_id: null },
        { user_id: D, display_name: "Dana", direct_room_id: null },
      ],
    });
  });

  it("shows an org admin every department; archived rooms and missing ones read null", () => {
    const view = buildDirectoryView({ org, caller: D, rooms, directRooms: new Map() });
    expect(view.departments.map((d) => [d.id, d.room_id, d.topic])).toEqual([
      ["ref", "!ref:s", "Readers"],
      ["lend", null, null],
    ]);
    // Org admins moderate every room, so they count as admins in their department too.
    expect(view.departments[1]?.members).toContainEqual({
      user_id: D,
      display_name: "Dana",
      is_admin: true,
    });
  });

  it("reads null room IDs before provisioning ran", () => {
    const view = buildDirectoryView({ org, caller: C, rooms: [], directRooms: new Map() });
    expect(view).toMatchObject({ all_staff_room_id: null, space_id: null });
    expect(view.departments).toEqual([expect.objectContaining({ id: "lend", room_id: null })]);
  });
});

describe("access rules", () => {
  it("lets operators and org admins use the directory, nobody else", () => {
    const adminOnly: Org = { ...org, admins: ["@root:s.local"] };
    expect(canUseDirectory(adminOnly, A)).toBe(true);
    expect(canUseDirectory(adminOnly, "@root:s.local")).toBe(true);
    expect(canUseDirectory(adminOnly, "@zed:s.local")).toBe(false);
  });

  it("lets members and org admins list a department's members", () => {
    const [ref] = org.departments;
    if (ref === undefined) throw new Error("fixture");
    expect(canSeeDepartment(org, ref, A)).toBe(true);
    expect(canSeeDepartment(org, ref, D)).toBe(true);
    expect(canSeeDepartment(org, ref, C)).toBe(false);
  });

  it("names members without an operator entry by their user ID", () => {
    const lonely: Org = {
      operators: [],
      departments: [{ id: "x", name: "X", members: [A], admins: [] }],
      admins: [],
    };
    const [x] = lonely.departments;
    if (x === undefined) throw new Error("fixture");
    expect(departmentMembers(lonely, x)).toEqual([
      { user_id: A, display_name: A, is_admin: false },
    ]);
  });
});
