import { describe, expect, it } from "vitest";
import type { Org } from "../../src/directory/org.ts";
import { planSync } from "../../src/provisioning/membershipPlanner.ts";
import {
  BOT,
  u,
  baseOrg,
  roomIdOf,
  converged,
  options,
  brief,
  type Case,
  withDepartments,
  editState,
} from "./plannerFixtures.ts";

const CALLS = '{"org.matrix.msc3401.call.member":0,"org.matrix.msc4143.rtc.member":0}';

const cases: Case[] = [
  { name: "converged state plans nothing", expected: [] },
  {
    name: "a room made before meetings (no call events in its power levels) lets members call",
    observed: (rooms) => editState(rooms, "sales", () => ({ powerEvents: { "m.room.name": 50 } })),
    expected: [`events dept-sales ${CALLS}`],
  },
  {
    name: "a call event raised by hand is set back to 0, the other left alone",
    observed: (rooms) =>
      editState(rooms, "all-staff", (s) => ({
        powerEvents: { ...s.powerEvents, "org.matrix.msc3401.call.member": 50 },
      })),
    expected: [`events all-staff {"org.matrix.msc3401.call.member":0}`],
  },
  {
    name: "a member added to a department is joined",
    org: (org) =>
      withDepartments(org, [
        { id: "sales", name: "Sales", members: [u("alice"), u("bob"), u("carol")], admins: [] },
        org.departments[1]!,
      ]),
    expected: [`join dept-sales ${u("carol")}`],
  },
  {
    name: "a member removed from a department is removed with a reason",
    org: (org) =>
      withDepartments(org, [
        { id: "sales", name: "Sales", members: [u("alice")], admins: [] },
        org.departments[1]!,
      ]),
    managed: { [roomIdOf("department", "sales")]: [u("alice"), u("bob")] },
    expected: [`remove dept-sales ${u("bob")}: left the department`],
  },
  {
    name: "moving between departments joins the new room and leaves the old",
    org: (org) =>
      withDepartments(org, [
        { id: "sales", name: "Sales", members: [u("alice")], admins: [] },
        { id: "it", name: "IT", members: [u("bob"), u("carol"), u("dana")], admins: [] },
      ]),
    managed: { [roomIdOf("department", "sales")]: [u("bob")] },
    expected: [`remove dept-sales ${u("bob")}: left the department`, `join dept-it ${u("bob")}`],
  },
  {
    name: "a renamed department renames its room",
    org: (org) =>
      withDepartments(org, [
        { id: "sales", name: "Sales & Marketing", members: [u("alice"), u("bob")], admins: [] },
        org.departments[1]!,
      ]),
    expected: [`rename dept-sales "Sales & Marketing"`],
  },
  {
    name: "a department topic is set, and cleared when removed from the directory",
    org: (org) =>
      withDepartments(org, [
        { ...org.departments[0]!, topic: "Quotes and orders" },
        org.departments[1]!,
      ]),
    observed: (rooms) => editState(rooms, "it", () => ({ topic: "stale topic" })),
    expected: [`topic dept-sales "Quotes and orders"`, `topic dept-it ""`],
  },
  {
    name: "a department removed from the directory is archived: members out, name marked, out of the Space",
    org: (org) => withDepartments(org, [org.departments[0]!]),
    expected: [
      `remove dept-it ${u("carol")}: the department was removed from the directory`,
      `remove dept-it ${u("dana")}: the department was removed from the directory`,
      `archive dept-it "IT (archived)"`,
      `child- ${roomIdOf("department", "it")}`,
    ],
  },
  {
    name: "an archived department that returns is unarchived, renamed, refilled and re-listed",
    observed: (rooms) =>
      rooms.map((o) =>
        o.room.key === "it" && o.state
          ? {
              room: { ...o.room, archivedAt: new Date(0) },
              state: {
                ...o.state,
                name: "IT (archived)",
                members: { [BOT]: "join", [u("carol")]: "leave", [u("dana")]: "leave" },
              },
            }
          : o.room.kind === "space" && o.state
            ? {
                ...o,
                state: {
                  ...o.state,
                  spaceChildren: o.state.spaceChildren.filter(
                    (c) => c !== roomIdOf("department", "it"),
                  ),
                },
              }
            : o,
      ),
    expected: [
      "unarchive dept-it",
      `rename dept-it "IT"`,
      `join dept-it ${u("carol")}`,
      `join dept-it ${u("dana")}`,
      "child+ dept-it",
    ],
  },
  {
    name: "promoting a department admin sets power 50 in that room only",
    org: (org) =>
      withDepartments(org, [{ ...org.departments[0]!, admins: [u("alice")] }, org.departments[1]!]),
    expected: [`power dept-sales {"${BOT}":100,"${u("dana")}":100,"${u("alice")}":50}`],
  },
  {
    name: "demoting an org admin rewrites power levels in every room",
    org: (org) => ({ ...org, admins: [] }),
    expected: ["staffroom-space", "all-staff", "dept-sales", "dept-it"].map(
      (room) => `power ${room} {"${BOT}":100}`,
    ),
  },
  {
    name: "drift: an outsider joined by hand is removed; a member who left is re-joined",
    observed: (rooms) =>
      editState(rooms, "sales", (s) => ({
        members: {
          ...s.members,
          [u("bob")]: "leave",
          [u("mallory")]: "join",
          [u("carol")]: "invite",
        },
      })),
    expected: [
      `join dept-sales ${u("bob")}`,
      `remove dept-sales ${u("carol")}: not a member of this department`,
      `remove dept-sales ${u("mallory")}: not an operator`,
    ],
  },
  {
    name: "drift: power levels changed by hand are put back; a banned member is unbanned and joined",
    observed: (rooms) =>
      editState(rooms, "it", (s) => ({
        powerUsers: { ...s.powerUsers, [u("carol")]: 100 },
        members: { ...s.members, [u("carol")]: "ban" },
      })),
    expected: [
      `power dept-it {"${BOT}":100,"${u("dana")}":100}`,
      `join dept-it ${u("carol")} (unban)`,
    ],
  },
  {
    name: "a departed operator is removed from every managed room (and deactivated when enabled)",
    org: (org) => ({
      ...org,
      operators: org.operators.filter((o) => o.userId !== u("alice")),
      departments: [
        { id: "sales", name: "Sales", members: [u("bob")], admins: [] },
        org.departments[1]!,
      ],
    }),
    managed: Object.fromEntries(
      [
        ["space", "space"],
        ["all_staff", "all-staff"],
        ["department", "sales"],
      ].map(([kind, key]) => [roomIdOf(kind!, key!), [u("alice")]]),
    ),
    deactivate: true,
    expected: [
      `remove staffroom-space ${u("alice")}: no longer an operator`,
      `remove all-staff ${u("alice")}: no longer an operator`,
      `remove dept-sales ${u("alice")}: no longer an operator`,
      `deactivate ${u("alice")}`,
    ],
  },
  {
    name: "room v12 creators are left out of the power levels map",
    observed: (rooms) =>
      rooms.map((o) =>
        o.state
          ? {
              ...o,
              state: {
                ...o.state,
                privilegedCreators: [BOT],
                powerUsers: Object.fromEntries(
                  Object.entries(o.state.powerUsers).filter(([k]) => k !== BOT),
                ),
              },
            }
          : o,
      ),
    expected: [],
  },
  {
    name: "rooms made before markers (an existing install) are marked, each with its kind",
    observed: (rooms) =>
      rooms.map((o) => ({ ...o, state: o.state && { ...o.state, managedKind: undefined } })),
    expected: [
      "marker staffroom-space space",
      "marker all-staff all_staff",
      "marker dept-sales department",
      "marker dept-it department",
    ],
  },
  {
    name: "a marker of the wrong kind is set right",
    observed: (rooms) => editState(rooms, "it", () => ({ managedKind: "other_room" })),
    expected: ["marker dept-it department"],
  },
  {
    name: "an archived department room stays marked (staff only)",
    org: (org) => withDepartments(org, [org.departments[0]!]),
    observed: (rooms) =>
      editState(
        rooms.map((o) =>
          o.room.key === "it" ? { ...o, room: { ...o.room, archivedAt: new Date(0) } } : o,
        ),
        "it",
        () => ({
          members: { [BOT]: "join" },
          name: "IT (archived)",
          managedKind: undefined,
        }),
      ),
    expected: ["marker dept-it department", `child- ${roomIdOf("department", "it")}`],
  },
  {
    name: "a stray Space child added by hand is removed",
    observed: (rooms) =>
      editState(rooms, "space", (s) => ({ spaceChildren: [...s.spaceChildren, "!stray:x"] })),
    expected: ["child- !stray:x"],
  },
];

describe("planSync", () => {
  it.each(cases)("$name", (c) => {
    const org = c.org ? c.org(baseOrg) : baseOrg;
    const observed = c.observed ? c.observed(converged(baseOrg)) : converged(baseOrg);
    const plan = planSync(org, observed, {
      ...options(c.managed),
      deactivateDeparted: c.deactivate ?? false,
    });
    expect(plan.map(brief)).toEqual(c.expected);
  });

  it("creates every room of an empty homeserver, the Space first, then fills them", () => {
    const plan = planSync(baseOrg, [], options()).map(brief);
    expect(plan.slice(0, 4)).toEqual([
      `create staffroom-space "Staffroom"`,
      `create all-staff "All Staff"`,
      `create dept-sales "Sales"`,
      `create dept-it "IT"`,
    ]);
    expect(plan).toContain(`join dept-sales ${u("alice")}`);
    expect(plan).toContain(`join staffroom-space ${u("dana")}`);
    expect(plan).toContain("child+ dept-it");
    expect(plan).not.toContain("child+ staffroom-space");
    expect(plan.filter((a) => a.startsWith("join"))).toHaveLength(4 + 4 + 2 + 2);
    // Members may join group meetings in All Staff and departments; the Space has no calls.
    expect(plan.filter((a) => a.startsWith("events"))).toEqual([
      `events all-staff ${CALLS}`,
      `events dept-sales ${CALLS}`,
      `events dept-it ${CALLS}`,
    ]);
  });

  it("recreates a managed room Synapse no longer knows", () => {
    const observed = converged(baseOrg).map((o) =>
      o.room.key === "sales" ? { ...o, state: undefined } : o,
    );
    const plan = planSync(baseOrg, observed, options()).map(brief);
    expect(plan[0]).toBe(`create dept-sales "Sales"`);
    expect(plan).toContain(`join dept-sales ${u("bob")}`);
  });

  it("is empty for the state the plan leads to (a second pass does nothing)", () => {
    const org: Org = { ...baseOrg, admins: [u("dana"), u("carol")] };
    expect(planSync(org, converged(org), options())).toEqual([]);
  });
});
