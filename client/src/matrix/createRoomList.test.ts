import { EventEmitter } from "node:events";
import { ClientEvent, NotificationCountType, RoomEvent, type Room } from "matrix-js-sdk";
import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createRoomListFrom, type RoomListClient } from "./createRoomList.ts";

class FakeRoom extends EventEmitter {
  counts = { total: 0, highlight: 0 };
  constructor(
    readonly roomId: string,
    public name = roomId,
    public membership = "join",
  ) {
    super();
  }
  getMyMembership = () => this.membership;
  getUnreadNotificationCount = (type: NotificationCountType) =>
    type === NotificationCountType.Highlight ? this.counts.highlight : this.counts.total;
  getLastActiveTimestamp = () => 1000;
}

class FakeClient extends EventEmitter {
  rooms: FakeRoom[] = [];
  getRooms = () => this.rooms as unknown as Room[];
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const asClient = (client: FakeClient) => client as unknown as RoomListClient;

describe("createRoomListFrom", () => {
  it("summarises rooms and follows sync, new rooms and local count changes", async () => {
    const client = new FakeClient();
    const circ = new FakeRoom("!circ", "Circulation");
    client.rooms.push(circ);
    await createRoot(async (dispose) => {
      const rooms = createRoomListFrom(asClient(client));
      expect(rooms().get("!circ")).toMatchObject({ name: "Circulation", unread: 0 });

      circ.counts = { total: 3, highlight: 1 };
      client.emit(ClientEvent.Sync, "SYNCING");
      await flush();
      expect(rooms().get("!circ")).toMatchObject({ unread: 3, highlight: 1, membership: "join" });

      const dm = new FakeRoom("!dm");
      client.rooms.push(dm);
      client.emit(ClientEvent.Room, dm);
      await flush();
      expect([...rooms().keys()]).toEqual(["!circ", "!dm"]);

      // The SDK only tells the room itself when it zeroes a count locally (e.g. after a receipt).
      circ.counts = { total: 0, highlight: 0 };
      circ.emit(RoomEvent.UnreadNotifications);
      await flush();
      expect(rooms().get("!circ")?.unread).toBe(0);
      dispose();
    });
  });

  it("removes every listener on dispose", () => {
    const client = new FakeClient();
    const room = new FakeRoom("!a");
    client.rooms.push(room);
    createRoot((dispose) => {
      createRoomListFrom(asClient(client));
      expect(client.listenerCount(ClientEvent.Sync)).toBe(1);
      expect(room.listenerCount(RoomEvent.UnreadNotifications)).toBe(1);
      dispose();
    });
    const remaining = client.eventNames().reduce((n, name) => n + client.listenerCount(name), 0);
    expect(remaining).toBe(0);
    expect(room.listenerCount(RoomEvent.UnreadNotifications)).toBe(0);
  });
});
