import {
  EventType,
  RoomEvent,
  SyncState,
  type IRoomTimelineData,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import { getOwner, onCleanup } from "solid-js";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/** A new message from someone else, as a notification shows it. */
export type IncomingMessage = {
  roomId: string;
  /** The room's name as the client computes it (department name, colleague's name…). */
  roomName: string;
  /** The sender's display name in that room, or their Matrix ID. */
  sender: string;
  /** The plain body; files show their name. */
  body: string;
};

/** The part of the SDK client this needs; a plain emitter in tests. */
export type MessageSource = Pick<MatrixClient, "on" | "off" | "getSyncState" | "getUserId"> &
  Partial<Pick<MatrixClient, "getPushActionsForEvent">>;

/**
 * Messages older than this when they reach us are catch-up (the browser was closed or offline),
 * not news: a reload must not replay them as a burst of notifications. Measured with the
 * server's `unsigned.age`, so a wrong clock on the computer does not matter.
 */
export const MAX_NOTIFY_AGE_MS = 60_000;

/**
 * The {@link IncomingMessage} for a timeline event, or null when it must not notify: not a
 * message, sent by us, from history (back-pagination, the initial sync, catch-up older than
 * {@link MAX_NOTIFY_AGE_MS}), redacted, or an edit (`m.replace`, which would notify twice).
 * @param event - the timeline event
 * @param room - its room
 * @param data - the SDK's timeline data (`liveEvent` is false for history)
 * @param myUserId - the signed-in user
 * @returns the message or null
 */
export function incomingMessageOf(
  event: MatrixEvent,
  room: Room | undefined,
  data: Pick<IRoomTimelineData, "liveEvent"> | undefined,
  myUserId: string | null,
): IncomingMessage | null {
  if (!room || data?.liveEvent !== true) return null;
  if (event.getType() !== (EventType.RoomMessage as string) || event.isRedacted()) return null;
  if (event.getLocalAge() > MAX_NOTIFY_AGE_MS) return null;
  const sender = event.getSender();
  if (!sender || sender === myUserId) return null;
  const content = event.getContent();
  if (content["m.relates_to"]?.rel_type === "m.replace") return null;
  const body = typeof content.body === "string" ? content.body : "";
  return {
    roomId: room.roomId,
    roomName: room.name,
    sender: room.getMember(sender)?.name ?? sender,
    body,
  };
}

/**
 * Calls `onMessage` for each new message from someone else while the client is live. Messages
 * that arrive with the first sync after start, or while catching up after a disconnect, are
 * skipped: a reload must not replay a burst of old notifications. Listeners go with the owning
 * scope.
 * @param client - the SDK client (or a test double)
 * @param onMessage - receives each {@link IncomingMessage}
 * @returns a function that stops listening (also run on cleanup)
 */
export function makeMessageListener(
  client: MessageSource,
  onMessage: (message: IncomingMessage) => void,
): () => void {
  const onTimeline = (
    event: MatrixEvent,
    room: Room | undefined,
    toStartOfTimeline: boolean | undefined,
    _removed: boolean,
    data: IRoomTimelineData,
  ): void => {
    if (toStartOfTimeline) return;
    // Null until the first sync is processed: those events are history, not news. Prepared
    // covers the first incremental sync (the state only turns Syncing after it is processed).
    const state = client.getSyncState();
    if (state !== SyncState.Syncing && state !== SyncState.Prepared) return;
    // The person's push rules decide, as for the badge: a chat set to "Mentions only" or "Off"
    // stays quiet unless it should not.
    if (client.getPushActionsForEvent?.(event)?.notify === false) return;
    const message = incomingMessageOf(event, room, data, client.getUserId());
    if (message) onMessage(message);
  };
  client.on(RoomEvent.Timeline, onTimeline);
  const stop = (): void => {
    client.off(RoomEvent.Timeline, onTimeline);
  };
  if (getOwner()) onCleanup(stop);
  return stop;
}

/**
 * New messages from others in a running session (see {@link makeMessageListener}).
 * @param session - the running session
 * @param onMessage - receives each {@link IncomingMessage}
 * @example
 * createNotifications(session, (m) => notify(`${m.sender} in ${m.roomName}`, m.body));
 */
export function createNotifications(
  session: MatrixSession,
  onMessage: (message: IncomingMessage) => void,
): void {
  makeMessageListener(matrixClientOf(session), onMessage);
}
