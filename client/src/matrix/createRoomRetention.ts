import { ClientEvent, RoomStateEvent, type MatrixClient, type MatrixEvent } from "matrix-js-sdk";
import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/** The state event the appservice writes when an admin sets scrub retention. */
export const RETENTION_EVENT = "m.room.retention";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The part of the SDK client {@link createRoomRetentionFrom} needs; a plain emitter in tests. */
export type RetentionClient = Pick<MatrixClient, "getRoom" | "on" | "off">;

/**
 * Reads an `m.room.retention` content: `{max_lifetime}` in ms, `{}` when scrubbing is off.
 * @param content - the state event's content, or undefined when the room has none
 * @returns whole days (at least 1), or null when off or unreadable
 */
export function retentionDaysOf(content: Record<string, unknown> | undefined): number | null {
  const ms = content?.["max_lifetime"];
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0) return null;
  return Math.max(1, Math.round(ms / DAY_MS));
}

/**
 * The scrub retention of a room, in days (null = none), from its `m.room.retention` state;
 * follows state changes. Listeners go away with the owning scope.
 * @param client - the SDK client (or a test double)
 * @param roomId - the room; null while none is open
 * @returns an accessor of the days, or null
 */
export function createRoomRetentionFrom(
  client: RetentionClient,
  roomId: Accessor<string | null>,
): Accessor<number | null> {
  const [days, setDays] = createSignal<number | null>(null);
  let current: string | null = null;
  const read = (): void => {
    const state = current === null ? undefined : client.getRoom(current)?.currentState;
    const event = state?.getStateEvents(RETENTION_EVENT, "");
    setDays(retentionDaysOf(event?.getContent()));
  };
  const onState = (event: MatrixEvent): void => {
    if (event.getType() === RETENTION_EVENT && event.getRoomId() === current) read();
  };
  const onRoom = (): void => read();
  client.on(RoomStateEvent.Events, onState);
  client.on(ClientEvent.Room, onRoom);
  onCleanup(() => {
    client.off(RoomStateEvent.Events, onState);
    client.off(ClientEvent.Room, onRoom);
  });
  createEffect(
    on(roomId, (id) => {
      current = id;
      read();
    }),
  );
  return days;
}

/**
 * {@link createRoomRetentionFrom} for a session.
 * @param session - the running session
 * @param roomId - the room; null while none is open
 * @returns an accessor of the days, or null
 */
export function createRoomRetention(
  session: MatrixSession,
  roomId: Accessor<string | null>,
): Accessor<number | null> {
  return createRoomRetentionFrom(matrixClientOf(session), roomId);
}
