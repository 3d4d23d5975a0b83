import { describe, expect, it } from "vitest";
import {
  legacyLivekitIdentity,
  livekitIdentity,
  livekitRoomAlias,
  ROOM_CALL_SLOT,
} from "../../src/meetings/livekitIds.ts";

// The vectors published with lk-jwt-service (helper_test.go): Element Call, js-sdk and the
// Staffroom client must meet in the same LiveKit room with the same identities.
describe("LiveKit room aliases and identities", () => {
  it("hash a room and slot like lk-jwt-service", () => {
    expect(livekitRoomAlias("!roomid:example.com", "slot1234")).toBe(
      "O8437W3+jmzMVjoIP3tNwbm+XxHQk2iKpOA7aqw3qSc",
    );
  });

  it("hash a user, device and membership like lk-jwt-service", () => {
    expect(livekitIdentity("@alice:example.com", "DEVICE123", "memberABC")).toBe(
      "J+T45tGruxc+HrUOqJJlyQSV33m728Cme4+vt8/SWrU",
    );
  });

  it("are unpadded standard base64 of SHA-256 (43 characters, + and / kept)", () => {
    const alias = livekitRoomAlias("!a:b", ROOM_CALL_SLOT);
    expect(alias).toMatch(/^[A-Za-z0-9+/]{43}$/);
    expect(alias).not.toBe(livekitRoomAlias("!a:b", "m.call#OTHER"));
  });

  it("keep the legacy /sfu/get identity readable: user:device", () => {
    expect(legacyLivekitIdentity("@alice:example.com", "DEVICE123")).toBe(
      "@alice:example.com:DEVICE123",
    );
  });
});
