import { EventEmitter } from "node:events";
import { MatrixEvent, RoomEvent, SyncState, type Room } from "matrix-js-sdk";
import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import {
  incomingMessageOf,
  makeMessageListener,
  type IncomingMessage,
  type MessageSource,
} from "./createNotifications.ts";

const room = {
  roomId: "!r",
  name: "Reference",
  getMember: (id: string) => (id === "@alice:x" ? { name: "Alice" } : null),
} as unknown as Room;

const message = (
  sender: string,
  content: Record<string, unknown> = { msgtype: "m.text", body: "hi" },
) =>
  new MatrixEvent({
    type: "m.room.message",
    sender,
    room_id: "!r",
    event_id: `$${Math.random()}`,
    content,
  });

function fakeClient(state: SyncState | null) {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    getSyncState: () => state,
    getUserId: () => "@bob:x",
  }) as unknown as MessageSource & EventEmitter;
}

describe("incomingMessageOf", () => {
  it("reports live messages from others with sender and room names", () => {
    expect(incomingMessageOf(message("@alice:x"), room, { liveEvent: true }, "@bob:x")).toEqual({
      roomId: "!r",
      roomName: "Reference",
      sender: "Alice",
      body: "hi",
    });
  });
  it("skips our own messages, history, catch-up, edits and other event types", () => {
    expect(incomingMessageOf(message("@bob:x"), room, { liveEvent: true }, "@bob:x")).toBeNull();
    expect(incomingMessageOf(message("@alice:x"), room, { liveEvent: false }, "@bob:x")).toBeNull();
    const edit = message("@alice:x", {
      msgtype: "m.text",
      body: "* hi",
      "m.relates_to": { rel_type: "m.replace", event_id: "$1" },
    });
    expect(incomingMessageOf(edit, room, { liveEvent: true }, "@bob:x")).toBeNull();
    const old = new MatrixEvent({
      type: "m.room.message",
      sender: "@alice:x",
      content: { msgtype: "m.text", body: "from this morning" },
      unsigned: { age: 5 * 60_000 },
    });
    expect(incomingMessageOf(old, room, { liveEvent: true }, "@bob:x")).toBeNull();
    const topic = new MatrixEvent({ type: "m.room.topic", sender: "@alice:x", content: {} });
    expect(incomingMessageOf(topic, room, { liveEvent: true }, "@bob:x")).toBeNull();
  });
});

describe("makeMessageListener", () => {
  it("reports while syncing, not during the first sync, and stops listening on dispose", () => {
    const seen: IncomingMessage[] = [];
    const syncing = fakeClient(SyncState.Syncing);
    const starting = fakeClient(null);
    createRoot((dispose) => {
      makeMessageListener(syncing, (m) => seen.push(m));
      makeMessageListener(starting, (m) => seen.push(m));
      expect(syncing.listenerCount(RoomEvent.Timeline)).toBe(1);
      syncing.emit(RoomEvent.Timeline, message("@alice:x"), room, false, false, {
        liveEvent: true,
      });
      starting.emit(RoomEvent.Timeline, message("@alice:x"), room, false, false, {
        liveEvent: true,
      });
      syncing.emit(RoomEvent.Timeline, message("@alice:x"), room, true, false, {
        liveEvent: false,
      });
      dispose();
    });
    expect(seen).toHaveLength(1);
    expect(syncing.listenerCount(RoomEvent.Timeline)).toBe(0);
    expect(starting.listenerCount(RoomEvent.Timeline)).toBe(0);
  });
});
