import {
  ClientEvent,
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
import { createRawEventReader, sendStateOf } from "./rawEvents.ts";
import { listen } from "./listen.ts";
import { linkedTimelines, newestStoredEvent } from "./roomTimelines.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";
import { toTimelineItems, type TimelineItem } from "./timelineItems.ts";

/** How many events one "Load more history" asks the server for. */
export const PAGE_SIZE = 40;

/** How many pages {@link Timeline.reveal} goes back at most looking for one event. */
const REVEAL_PAGES = 25;

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
  /** The signed-in person may delete others' messages (the room's `redact` power level). */
  canRedactOthers: Accessor<boolean>;
  /** The event the person has read up to (`m.fully_read`), as far as this client knows. */
  fullyRead: Accessor<string | undefined>;
  /**
   * Where the messages after an event start (reactive, follows {@link Timeline.items}).
   * @param eventId - any event of the room (the read marker may be a reaction or a state event)
   * @returns the index in `items` of the first message after it (`items.length` when none is),
   *   or undefined when the event is not loaded (further up, or unknown)
   */
  indexAfter(eventId: string): number | undefined;
  /**
   * Loads one page of older messages into {@link Timeline.items}.
   * @throws UserFacingError when the server could not be asked
   */
  paginateBack(): Promise<void>;
  /**
   * Pages back until the event is among {@link Timeline.items} (a reply's original, further up).
   * @param eventId - the event to bring in
   * @returns false when it is not in the room's history within a reasonable reach
   * @throws UserFacingError when the server could not be asked
   */
  reveal(eventId: string): Promise<boolean>;
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
  const [canRedactOthers, setCanRedactOthers] = createSignal(false);
  const [fullyRead, setFullyRead] = createSignal<string>();
  // Position of every loaded event, and of every item's event, in the linked timelines.
  let eventPosition = new Map<string, number>();
  let itemPositions: number[] = [];
  const [typing, setTyping] = createSignal<readonly string[]>([], {
    equals: (a, b) => a.length === b.length && a.every((name, i) => name === b[i]),
  });

  const raw = createRawEventReader();
  const room = (): Room | null => client.getRoom(roomId);

  const refresh = (): void => {
    const current = room();
    if (!current) return;
    const chain = linkedTimelines(current);
    const events = chain.flatMap((timeline) => timeline.getEvents());
    const items = toTimelineItems(events.map(raw.read), me);
    eventPosition = new Map(events.map((event, index) => [event.getId() ?? "", index]));
    const byKey = new Map(events.map((event, index) => [raw.keyOf(event), index]));
    itemPositions = items.map((item) => byKey.get(item.key) ?? Number.MAX_SAFE_INTEGER);
    const token = chain[0]?.getPaginationToken(EventTimeline.BACKWARDS) ?? null;
    const atStart = events.some((event) => event.getType() === "m.room.create");
    batch(() => {
      setState("items", reconcile(items, { key: "key" }));
      setEncrypted(current.hasEncryptionStateEvent());
      const state = current.currentState;
      setCanRedactOthers(
        state.hasSufficientPowerLevelFor("redact", state.getMember(me)?.powerLevel ?? 0),
      );
      setCanPaginateBack(token !== null && !atStart);
      const marker: unknown = current.getAccountData("m.fully_read")?.getContent()["event_id"];
      setFullyRead(typeof marker === "string" ? marker : undefined);
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
  const onAccountData = (event: MatrixEvent, r: Room): void => {
    if (event.getType() === "m.fully_read") ifThisRoom(r);
  };
  const onState = (event: MatrixEvent): void => {
    if (event.getRoomId() === roomId) scheduleRefresh();
  };

  onCleanup(() => (disposed = true));
  listen(client, RoomEvent.Timeline, onTimeline);
  listen(client, RoomEvent.Redaction, onRedaction);
  listen(client, RoomEvent.LocalEchoUpdated, onEcho);
  listen(client, RoomEvent.TimelineReset, onReset);
  listen(client, ClientEvent.Room, onRoom);
  listen(client, RoomMemberEvent.Typing, onMember);
  listen(client, RoomMemberEvent.Name, onMember);
  listen(client, RoomStateEvent.Events, onState);
  listen(client, RoomEvent.AccountData, onAccountData);
  refresh();

  let lastReceipt: string | undefined;
  let inflight: Promise<void> | null = null;
  const pageBack = async (): Promise<void> => {
    const current = room();
    if (!current || !canPaginateBack()) return;
    setPaginating(true);
    try {
      // From the oldest linked timeline: once a page meets history cached before a gap, the
      // SDK links the two and only the older one can go further back.
      const oldest = linkedTimelines(current)[0];
      if (oldest) await client.paginateEventTimeline(oldest, { backwards: true, limit: PAGE_SIZE });
    } catch (error) {
      throw toUserFacingError(error, homeserverUrl);
    } finally {
      setPaginating(false);
      // scrollback updates the token after the events are added, so read it again now.
      if (!disposed) refresh();
    }
  };

  const timeline: Timeline = {
    get items() {
      return state.items;
    },
    status,
    encrypted,
    canPaginateBack,
    paginating,
    typing,
    canRedactOthers,
    fullyRead,
    indexAfter(eventId) {
      // Tracked through the length: the positions change with every page and arrival.
      const count = state.items.length;
      const at = eventPosition.get(eventId);
      if (at === undefined) return undefined;
      const index = itemPositions.findIndex((position) => position > at);
      return index === -1 ? count : index;
    },
    paginateBack() {
      // A page already on its way is the one the caller waits for (auto-fill and a jump can
      // ask at the same time).
      inflight ??= pageBack().finally(() => (inflight = null));
      return inflight;
    },
    async reveal(eventId) {
      const has = (): boolean => state.items.some((item) => item.id === eventId);
      for (let page = 0; !has() && page < REVEAL_PAGES; page++) {
        if (!canPaginateBack()) break;
        await timeline.paginateBack();
      }
      return has();
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
        // The read marker moves with the receipt: it is where "New messages" starts next
        // time, here and in Element.
        await client.setRoomReadMarkers(roomId, id, latest);
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
        .find((e) => raw.keyOf(e) === key);
      if (!current || !event || sendStateOf(event) !== "failed") return;
      await resend(client, event, current, homeserverUrl);
    },
  };
  return timeline;
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
