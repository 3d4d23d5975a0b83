import { createRoot, createSignal } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import { createChatNotifications, type NotificationPort } from "./createChatNotifications.ts";

function fakePort(permission: NotificationPermission, answer: NotificationPermission = "granted") {
  let current = permission;
  const shown: { title: string; body: string; click: () => void }[] = [];
  const port: NotificationPort & { shown: typeof shown; beeps: number } = {
    shown,
    beeps: 0,
    permission: () => current,
    requestPermission: vi.fn(() => {
      current = answer;
      return Promise.resolve(answer);
    }),
    show: (title, body, click) => shown.push({ title, body, click }),
    hidden: () => false,
    beep() {
      port.beeps++;
    },
  };
  return port;
}

const message = { roomId: "!dept", roomName: "Reference", sender: "Alice", body: "hello" };

describe("createChatNotifications", () => {
  it("asks permission when turned on, then notifies and opens the chat on click", async () => {
    const port = fakePort("default");
    const opened: string[] = [];
    await createRoot(async (dispose) => {
      const [onScreen] = createSignal<string | null>("!other");
      const n = createChatNotifications({
        userId: "@bob:x",
        storage: localStorage,
        port,
        onScreenRoomId: onScreen,
        onOpenChat: (roomId) => opened.push(roomId),
      });
      n.handle(message);
      expect(port.shown).toHaveLength(0);
      await n.setEnabled.run(true);
      expect(port.requestPermission).toHaveBeenCalledOnce();
      expect(n.prefs().enabled).toBe(true);
      n.handle(message);
      expect(port.shown[0]?.title).toBe("Alice in Reference");
      port.shown[0]?.click();
      expect(opened).toEqual(["!dept"]);
      expect(port.beeps).toBe(0);
      n.setSound(true);
      n.handle(message);
      expect(port.beeps).toBe(1);
      dispose();
    });
    expect(JSON.parse(localStorage.getItem("staffroom.notifications.@bob:x") ?? "{}")).toEqual({
      enabled: true,
      sound: true,
    });
  });

  it("stays off with a readable message when the browser refuses", async () => {
    const port = fakePort("default", "denied");
    await createRoot(async (dispose) => {
      const n = createChatNotifications({
        userId: "@carol:x",
        storage: localStorage,
        port,
        onScreenRoomId: () => null,
        onOpenChat: () => undefined,
      });
      await n.setEnabled.run(true);
      expect(n.prefs().enabled).toBe(false);
      expect(n.setEnabled.error()).toContain("blocked notifications");
      dispose();
    });
  });

  it("does not notify for the chat on screen while the tab is visible", async () => {
    const port = fakePort("granted");
    await createRoot(async (dispose) => {
      const n = createChatNotifications({
        userId: "@dan:x",
        storage: localStorage,
        port,
        onScreenRoomId: () => "!dept",
        onOpenChat: () => undefined,
      });
      await n.setEnabled.run(true);
      n.handle(message);
      expect(port.shown).toHaveLength(0);
      dispose();
    });
  });
});
