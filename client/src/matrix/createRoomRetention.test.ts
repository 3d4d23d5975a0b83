import { EventEmitter } from "node:events";
import { ClientEvent, RoomStateEvent } from "matrix-js-sdk";
import { createRoot, createSignal } from "solid-js";
import { describe, expect, it } from "vitest";
import {
  createRoomRetentionFrom,
  retentionDaysOf,
  RETENTION_EVENT,
  type RetentionClient,
} from "./createRoomRetention.ts";

const DAY = 24 * 60 * 60 * 1000;

describe("retentionDaysOf", () => {
  it("turns max_lifetime into whole days and everything else into off", () => {
    expect(retentionDaysOf({ max_lifetime: 30 * DAY })).toBe(30);
    expect(retentionDaysOf({ max_lifetime: 1000 })).toBe(1);
    expect(retentionDaysOf({})).toBeNull();
    expect(retentionDaysOf(undefined)).toBeNull();
    expect(retentionDaysOf({ max_lifetime: "30" })).toBeNull();
  });
});

describe("createRoomRetentionFrom", () => {
  it("reads the room's state and follows changes to it", () => {
    const contents = new Map<string, Record<string, unknown>>([["!a", { max_lifetime: 30 * DAY }]]);
    const emitter = new EventEmitter();
    const client = {
      getRoom: (roomId: string) => ({
        currentState: {
          getStateEvents: (type: string) =>
            type === RETENTION_EVENT && contents.has(roomId)
              ? { getContent: () => contents.get(roomId) }
              : null,
        },
      }),
      on: (name: string, fn: (...args: unknown[]) => void) => emitter.on(name, fn),
      off: (name: string, fn: (...args: unknown[]) => void) => emitter.off(name, fn),
    } as unknown as RetentionClient;
    // Effects run once the root is set up, so the checks come after it.
    const { days, setRoomId, dispose } = createRoot((dispose) => {
      const [roomId, setRoomId] = createSignal<string | null>("!a");
      return { days: createRoomRetentionFrom(client, roomId), setRoomId, dispose };
    });
    expect(days()).toBe(30);
    contents.set("!a", { max_lifetime: 7 * DAY });
    emitter.emit(RoomStateEvent.Events, { getType: () => RETENTION_EVENT, getRoomId: () => "!a" });
    expect(days()).toBe(7);
    setRoomId("!b");
    expect(days()).toBeNull();
    contents.set("!b", { max_lifetime: DAY });
    emitter.emit(ClientEvent.Room);
    expect(days()).toBe(1);
    dispose();
    expect(emitter.listenerCount(RoomStateEvent.Events)).toBe(0);
  });
});
