import { describe, expect, it } from "vitest";
import {
  loadNotificationPrefs,
  notificationTextOf,
  parseNotificationPrefs,
  saveNotificationPrefs,
  shouldNotify,
} from "./notificationPrefs.ts";

describe("notification prefs", () => {
  it("are off by default and survive bad entries", () => {
    expect(parseNotificationPrefs(null)).toEqual({ enabled: false, sound: false });
    expect(parseNotificationPrefs("{bad")).toEqual({ enabled: false, sound: false });
    expect(parseNotificationPrefs('{"enabled":"yes","sound":true}')).toEqual({
      enabled: false,
      sound: true,
    });
  });

  it("are saved per user", () => {
    saveNotificationPrefs(localStorage, "@a:x", { enabled: true, sound: false });
    expect(loadNotificationPrefs(localStorage, "@a:x").enabled).toBe(true);
    expect(loadNotificationPrefs(localStorage, "@b:x").enabled).toBe(false);
  });
});

describe("shouldNotify", () => {
  const base = {
    enabled: true,
    permission: "granted" as NotificationPermission,
    hidden: false,
    onScreenRoomId: "!a",
    roomId: "!b",
  };
  it("notifies for chats not on screen, and for any chat while the tab is hidden", () => {
    expect(shouldNotify(base)).toBe(true);
    expect(shouldNotify({ ...base, roomId: "!a" })).toBe(false);
    expect(shouldNotify({ ...base, roomId: "!a", hidden: true })).toBe(true);
  });
  it("never without the setting or the permission", () => {
    expect(shouldNotify({ ...base, enabled: false })).toBe(false);
    expect(shouldNotify({ ...base, permission: "default" })).toBe(false);
  });
});

describe("notificationTextOf", () => {
  it("names sender and chat; a direct chat just the sender", () => {
    expect(notificationTextOf({ sender: "Alice", roomName: "Reference", body: "hi" })).toEqual({
      title: "Alice in Reference",
      body: "hi",
    });
    expect(notificationTextOf({ sender: "Alice", roomName: "Alice", body: "hi" }).title).toBe(
      "Alice",
    );
    expect(
      notificationTextOf({ sender: "A", roomName: "R", body: "x".repeat(300) }).body,
    ).toHaveLength(200);
  });
});
