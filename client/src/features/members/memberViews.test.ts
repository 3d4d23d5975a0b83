import { describe, expect, it } from "vitest";
import { toMemberViews } from "./memberViews.ts";

const response = {
  department: { id: "ref", name: "Reference" },
  members: [
    { user_id: "@zoe:x", display_name: "Zoe", is_admin: false, presence: "offline" as const },
    { user_id: "@bob:x", display_name: "bob", is_admin: true, presence: "online" as const },
    {
      user_id: "@amy:x",
      display_name: "Amy",
      is_admin: false,
      presence: "unavailable" as const,
      status_msg: "at lunch",
    },
    { user_id: "@al:x", display_name: "Al", is_admin: false, presence: "online" as const },
  ],
};

describe("toMemberViews", () => {
  it("puts online people first, then away, then offline, each by name; admins marked", () => {
    const views = toMemberViews(response);
    expect(views.map((v) => v.displayName)).toEqual(["Al", "bob", "Amy", "Zoe"]);
    expect(views.find((v) => v.userId === "@bob:x")?.isAdmin).toBe(true);
    expect(views.find((v) => v.userId === "@amy:x")?.statusMsg).toBe("at lunch");
  });

  it("prefers live Matrix presence, except when it is unknown", () => {
    const live = new Map([
      ["@zoe:x", "online" as const],
      ["@al:x", "unknown" as const],
    ]);
    const views = toMemberViews(response, live);
    expect(views.find((v) => v.userId === "@zoe:x")?.presence).toBe("online");
    expect(views.find((v) => v.userId === "@al:x")?.presence).toBe("online");
  });
});
