import { describe, expect, it } from "vitest";
import type { Org } from "../../src/directory/org.ts";
import { planStaffList, staffListAlias, staffOf } from "../../src/provisioning/staffList.ts";
import { D, baseOrg, brief, u } from "./plannerFixtures.ts";

const ALIAS = staffListAlias(D);
const everyone = [u("alice"), u("bob"), u("carol"), u("dana")];
const listed = (...users: string[]) => ({ roomId: `!list:${D}`, listed: new Set(users) });

describe("staffOf", () => {
  it("is the operators and the org admins, sorted, each once", () => {
    const org: Org = { ...baseOrg, admins: [u("dana"), u("zoe")] };
    expect(staffOf(org)).toEqual([...everyone, u("zoe")]);
  });
});

describe("planStaffList", () => {
  it("names the list in the appservice's #staffroom- namespace", () => {
    expect(ALIAS).toBe(`#staffroom-policy:${D}`);
  });

  it("creates the list with everyone in one action when there is none (first pass)", () => {
    const plan = planStaffList(everyone, undefined, ALIAS);
    expect(plan).toEqual([{ type: "createStaffList", alias: ALIAS, staff: everyone }]);
  });

  it("creates it in one action however many people there are", () => {
    const many = Array.from({ length: 800 }, (_, i) => u(`p${String(i).padStart(3, "0")}`));
    const plan = planStaffList(many, undefined, ALIAS);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ type: "createStaffList", staff: many });
  });

  it("plans nothing when the list matches the directory", () => {
    expect(planStaffList(everyone, listed(...everyone), ALIAS)).toEqual([]);
  });

  it("lists newcomers and takes off people who left, sorted", () => {
    const plan = planStaffList(
      [u("alice"), u("bob"), u("erin")],
      listed(u("zed"), u("alice"), u("bob"), u("carol")),
      ALIAS,
    );
    expect(plan.map(brief)).toEqual([
      `staff ${u("erin")} true`,
      `staff ${u("carol")} false`,
      `staff ${u("zed")} false`,
    ]);
    expect(plan[0]).toMatchObject({ roomId: `!list:${D}`, alias: ALIAS });
  });
});
