import { describe, expect, it } from "vitest";
import { checkDirectPair, makePair, otherMember, pairKey } from "../../src/direct/directPair.ts";
import type { Org } from "../../src/directory/org.ts";

const org: Org = {
  operators: [
    { userId: "@alice:staffroom.local", displayName: "Alice" },
    { userId: "@bob:staffroom.local", displayName: "Bob" },
  ],
  departments: [],
  admins: ["@dana:staffroom.local"],
};

describe("pairKey", () => {
  it("is the same in both directions: the two IDs sorted and joined with |", () => {
    expect(pairKey("@bob:staffroom.local", "@alice:staffroom.local")).toBe(
      "@alice:staffroom.local|@bob:staffroom.local",
    );
    expect(pairKey("@alice:staffroom.local", "@bob:staffroom.local")).toBe(
      "@alice:staffroom.local|@bob:staffroom.local",
    );
  });

  it("orders the pair and names the other member", () => {
    const pair = makePair("@zed:x", "@amy:x");
    expect(pair).toEqual({ key: "@amy:x|@zed:x", userA: "@amy:x", userB: "@zed:x" });
    expect(otherMember(pair, "@amy:x")).toBe("@zed:x");
    expect(otherMember(pair, "@zed:x")).toBe("@amy:x");
  });
});

describe("checkDirectPair", () => {
  it.each([
    ["@alice:staffroom.local", "@bob:staffroom.local", "ok"],
    ["@dana:staffroom.local", "@bob:staffroom.local", "caller_not_operator"],
    ["@zed:staffroom.local", "@bob:staffroom.local", "caller_not_operator"],
    ["@alice:staffroom.local", "@alice:staffroom.local", "self"],
    ["@alice:staffroom.local", "@dana:staffroom.local", "target_not_operator"],
    ["@alice:staffroom.local", "@bob:elsewhere.example", "target_not_operator"],
  ])("%s → %s: %s", (caller, target, expected) => {
    const result = checkDirectPair(org, caller, target);
    expect(result.ok ? "ok" : result.reason).toBe(expected);
  });

  it("returns the sorted pair when allowed", () => {
    expect(checkDirectPair(org, "@bob:staffroom.local", "@alice:staffroom.local")).toEqual({
      ok: true,
      pair: makePair("@alice:staffroom.local", "@bob:staffroom.local"),
    });
  });
});
