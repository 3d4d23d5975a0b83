import {
  ClientEvent,
  EventStatus,
  EventTimeline,
  RoomEvent,
  RoomMemberEvent,
  RoomStateEvent,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import { batch, createSignal, onCleanup, type Accessor } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { toUserFacingError } from "./errors.ts";
import { linkedTimelines, newestStoredEvent } from "./roomTimelines.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";
import {
  toTimelineItems,
  type RawTimelineEvent,
  type SendState,
  type TimelineItem,
} from "./timelineItems.ts";

/** How many events one "Load more history" asks the server for. */
export const PAGE_SIZE = 40;

/** Whether the room is known to the client yet (a just-created DM may still be syncing). */
export type TimelineStatus = "loading" | "ready";

/** A room's timeline as view data, live; see {@link createTimeline}. */
export interface Timeline {
  /** Messages, oldest first (a store: unchanged items keep their identity between updates). */
  readonly items: readonly TimelineItem[];
  status: Accessor<TimelineStatus>;
  /** The room has `m.room.encryption`: this client (no crypto) cannot read new messages. */
  encrypted: Accessor<boolean>;
  /** Older history exists on the server. */
  canPaginateBack: Accessor<boolean>;
  /** A page of history is being fetched. */
  paginating: Accessor<boolean>;
  /** Display names of the others typing right now. */
  typing: Accessor<readonly string[]>;
  /**
   * Loads one page of older messages into {@link Timeline.items}.
   * @throws UserFacingError when the server could not be asked
   */
  paginateBack(): Promise<void>;
  /**
   * Sends a read receipt for the newest message unless the server already has one for it.
   * @returns true when a receipt was sent
   * @throws UserFacingError when the server refused or could not be reached
   */
  markRead(): Promise<boolean>;
  /**
   * Sends a failed message again.
   * @param key - the item's `key`
   * @throws UserFacingError when it fails again
   */
  retry(key: string): Promise<void>;
}

const sendStateOf = (event: MatrixEvent): SendState => {
  if (event.status === null) return "sent";
  return event.status === EventStatus.NOT_SENT || event.status === EventStatus.CANCELLED
    ? "failed"
    : "pending";
};

const localpart = (userId: string): string => userId.replace(/^@/, "").split(":")[0] ?? userId;

type Bundled = { sender?: unknown; origin_server_ts?: unknown; content?: unknown };

/**
 * The live timeline of one room: messages mapped to {@link TimelineItem}s (edits applied,
 * deletions shown, local echoes with their send state), history paging, typing members and
 * read receipts. Listens to the SDK client and removes every listener when the owning reactive
 * scope is disposed.
 * @param session - the running session
 * @param roomId - the room; fixed for the primitive's life (re-create it for another room)
 * @returns a {@link Timeline}
 * @example
 * const timeline = createTimeline(props.session, props.chat.roomId);
 * <For each={timeline.items}>{(item) => <Message item={item} />}</For>
 */
export function createTimeline(session: MatrixSession, roomId: string): Timeline {
  return createClientTimeline(matrixClientOf(session), roomId, session.credentials.homeserverUrl);
}

/**
 * {@link createTimeline} over a bare SDK client (what the unit tests drive).
 * @param client - a matrix-js-sdk client with a user ID
 * @param roomId - the room
 * @param homeserverUrl - for readable network errors
 * @returns a {@link Timeline}
 */
export function createClientTimeline(
  client: MatrixClient,
  roomId: string,
  homeserverUrl: string,
): Timeline {
  const me = client.getSafeUserId();
  const [state, setState] = createStore<{ items: TimelineItem[] }>({ items: [] });
  const [status, setStatus] = createSignal<TimelineStatus>("loading");
  const [encrypted, setEncrypted] = createSignal(false);
  const [canPaginateBack, setCanPaginateBack] = createSignal(false);
  const [paginating, setPaginating] = createSignal(false);
  const [typing, setTyping] = createSignal<readonly string[]>([], {
    equals: (a, b) => a.length === b.length && a.every((name, i) => name === b[i]),
  });

  // Keys survive the local echo → remote echo switch (the SDK updates the same MatrixEvent).
  const keys = new WeakMap<MatrixEvent, string>();
  // Redaction strips an edit's relation; remembering which events were edits keeps a deleted
  // edit from showing up as a "Message deleted" line of its own.
  const edits = new WeakSet<MatrixEvent>();

  const room = (): Room | null => client.getRoom(roomId);

  const toRaw = (event: MatrixEvent): RawTimelineEvent => {
    let key = keys.get(event);
    if (key === undefined) {
      key = event.getId() ?? event.getTxnId() ?? `local-${Math.random()}`;
      keys.set(event, key);
    }
    const content = event.getOriginalContent();
    const relation = content["m.relates_to"] as { rel_type?: unknown } | undefined;
    if (relation?.rel_type === "m.replace") edits.add(event);
    const bundled = (event.getUnsigned()["m.relations"] as Record<string, unknown> | undefined)?.[
      "m.replace"
    ] as Bundled | undefined;
    const sender = event.getSender() ?? "";
    return {
      key,
      id: event.getId() ?? key,
      type: event.getType(),
      sender,
      // Without a display name the SDK falls back to the full user ID; the localpart reads better.
      senderName:
        event.sender?.name && event.sender.name !== sender ? event.sender.name : localpart(sender),
      avatarMxc: event.sender?.getMxcAvatarUrl() ?? undefined,
      ts: event.getTs(),
      content,
      redacted: event.isRedacted(),
      sendState: sendStateOf(event),
      wasEdit: edits.has(event),
      bundledEdit:
        bundled && typeof bundled.content === "object" && bundled.content !== null
          ? {
              sender: String(bundled.sender ?? ""),
              ts: Number(bundled.origin_server_ts ?? 0),
              content: bundled.content as Record<string, unknown>,
            }
          : undefined,
    };
  };

  const refresh = (): void => {
    const current = room();
    if (!current) return;
    const chain = linkedTimelines(current);
    const events = chain.flatMap((timeline) => timeline.getEvents());
    const items = toTimelineItems(events.map(toRaw), me);
    const token = chain[0]?.getPaginationToken(EventTimeline.BACKWARDS) ?? null;
    const atStart = events.some((event) => event.getType() === "m.room.create");
    batch(() => {
      setState("items", reconcile(items, { key: "key" }));
      setEncrypted(current.hasEncryptionStateEvent());
      setCanPaginateBack(token !== null && !atStart);
      setTyping(
        current
          .getMembers()
          .filter((member) => member.typing && member.userId !== me)
          .map((member) => member.name),
      );
      setStatus("ready");
    });
  };

  // SDK events come in bursts (a sync batch, a page of history): one refresh per burst.
  let scheduled = false;
  let disposed = false;
  const scheduleRefresh = (): void => {
    if (scheduled || disposed) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (!disposed) refresh();
    });
  };
  const ifThisRoom = (eventRoom: Room | undefined | null | { roomId: string }): void => {
    if (eventRoom?.roomId === roomId) scheduleRefresh();
  };

  const onTimeline = (_e: MatrixEvent, r: Room | undefined): void => ifThisRoom(r);
  const onRedaction = (_e: MatrixEvent, r: Room): void => ifThisRoom(r);
  const onEcho = (_e: MatrixEvent, r: Room): void => ifThisRoom(r);
  const onReset = (r: Room | undefined): void => ifThisRoom(r);
  const onRoom = (r: Room): void => ifThisRoom(r);
  const onMember = (_e: MatrixEvent, member: { roomId: string }): void => ifThisRoom(member);
  const onState = (event: MatrixEvent): void => {
    if (event.getRoomId() === roomId) scheduleRefresh();
  };

  client.on(RoomEvent.Timeline, onTimeline);
  client.on(RoomEvent.Redaction, onRedaction);
  client.on(RoomEvent.LocalEchoUpdated, onEcho);
  client.on(RoomEvent.TimelineReset, onReset);
  client.on(ClientEvent.Room, onRoom);
  client.on(RoomMemberEvent.Typing, onMember);
  client.on(RoomMemberEvent.Name, onMember);
  client.on(RoomStateEvent.Events, onState);
  onCleanup(() => {
    disposed = true;
    client.off(RoomEvent.Timeline, onTimeline);
    client.off(RoomEvent.Redaction, onRedaction);
    client.off(RoomEvent.LocalEchoUpdated, onEcho);
    client.off(RoomEvent.TimelineReset, onReset);
    client.off(ClientEvent.Room, onRoom);
    client.off(RoomMemberEvent.Typing, onMember);
    client.off(RoomMemberEvent.Name, onMember);
    client.off(RoomStateEvent.Events, onState);
  });
  refresh();

  let lastReceipt: string | undefined;

  return {
    get items() {
      return state.items;
    },
    status,
    encrypted,
    canPaginateBack,
    paginating,
    typing,
    async paginateBack() {
      const current = room();
      if (!current || paginating() || !canPaginateBack()) return;
      setPaginating(true);
      try {
        // From the oldest linked timeline: once a page meets history cached before a gap, the
        // SDK links the two and only the older one can go further back.
        const oldest = linkedTimelines(current)[0];
        if (oldest)
          await client.paginateEventTimeline(oldest, { backwards: true, limit: PAGE_SIZE });
      } catch (error) {
        throw toUserFacingError(error, homeserverUrl);
      } finally {
        setPaginating(false);
        // scrollback updates the token after the events are added, so read it again now.
        if (!disposed) refresh();
      }
    },
    async markRead() {
      const current = room();
      if (!current) return false;
      const latest = newestStoredEvent(current);
      const id = latest?.getId();
      if (!latest || id === undefined || id === lastReceipt) return false;
      if (current.getEventReadUpTo(me) === id) return false;
      lastReceipt = id;
      try {
        await client.sendReadReceipt(latest);
        return true;
      } catch (error) {
        lastReceipt = undefined;
        throw toUserFacingError(error, homeserverUrl);
      }
    },
    async retry(key) {
      const current = room();
      const event = current
        ?.getLiveTimeline()
        .getEvents()
        .find((e) => keys.get(e) === key);
      if (!current || !event || sendStateOf(event) !== "failed") return;
      await resend(client, event, current, homeserverUrl);
    },
  };
}

async function resend(
  client: MatrixClient,
  event: MatrixEvent,
  room: Room,
  homeserverUrl: string,
): Promise<void> {
  try {
    await client.resendEvent(event, room);
  } catch (error) {
    throw toUserFacingError(error, homeserverUrl);
  }
}
