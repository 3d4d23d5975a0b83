import { describe, expect, it } from "vitest";
import { userOfIdentity } from "./createGroupCall.ts";

describe("userOfIdentity", () => {
  it("drops the device of a /sfu/get identity, server ports included", () => {
    expect(userOfIdentity("@alice:example.org:DEVICE1")).toBe("@alice:example.org");
    expect(userOfIdentity("@bob:chat.example.org:8448:XYZ")).toBe("@bob:chat.example.org:8448");
  });

  it("leaves other identities (hashed ones, a bare user ID) alone", () => {
    expect(userOfIdentity("J+T45tGruxc+HrUOqJJlyQSV33m728Cme4+vt8/SWrU")).toBe(
      "J+T45tGruxc+HrUOqJJlyQSV33m728Cme4+vt8/SWrU",
    );
    expect(userOfIdentity("@carol:example.org")).toBe("@carol:example.org");
  });
});
