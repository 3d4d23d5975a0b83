import type { RedeemResponse } from "@staffroom/appservice/contract";
import { describe, expect, it } from "vitest";
import {
  clearGuestLogin,
  guestStage,
  loadGuestLogin,
  saveGuestLogin,
  tokenFromHash,
} from "./guestFlow.ts";

const login: RedeemResponse = {
  user_id: "@guest_abc:test",
  access_token: "syt_x",
  device_id: "D",
  room_id: "!meet",
  meeting_name: "Meeting: Desk",
  homeserver_url: "https://chat.test",
  expires_at: "2026-01-01T00:00:00.000Z",
};

describe("guestStage", () => {
  it("waits while knocking (or before the room arrived), joins on invite, is in once joined", () => {
    expect(guestStage("", false, false)).toBe("waiting");
    expect(guestStage("knock", false, false)).toBe("waiting");
    expect(guestStage("invite", false, false)).toBe("joining");
    expect(guestStage("join", false, false)).toBe("in");
  });

  it("tells a denial from a removal, and an ended meeting wins", () => {
    expect(guestStage("leave", false, false)).toBe("denied");
    expect(guestStage("ban", false, false)).toBe("denied");
    expect(guestStage("leave", true, false)).toBe("removed");
    expect(guestStage("join", true, true)).toBe("ended");
    expect(guestStage("knock", false, true)).toBe("ended");
    // Denied guests are deactivated right after the kick: the denial is what they need to read.
    expect(guestStage("leave", false, true)).toBe("denied");
  });
});

describe("guest links", () => {
  it("carry the token in the fragment", () => {
    expect(tokenFromHash("#t=abc_DEF-123")).toBe("abc_DEF-123");
    expect(tokenFromHash("")).toBeNull();
    expect(tokenFromHash("#t=")).toBeNull();
    expect(tokenFromHash("#x=1")).toBeNull();
  });

  it("resume this tab's login for the same link only, and forget it", () => {
    const storage = window.sessionStorage;
    saveGuestLogin(storage, "tok", login);
    expect(loadGuestLogin(storage, "tok")).toEqual(login);
    expect(loadGuestLogin(storage, null)).toEqual(login);
    expect(loadGuestLogin(storage, "other")).toBeUndefined();
    clearGuestLogin(storage);
    expect(loadGuestLogin(storage, "tok")).toBeUndefined();
    storage.setItem("staffroom.guest", "{broken");
    expect(loadGuestLogin(storage, null)).toBeUndefined();
  });
});
