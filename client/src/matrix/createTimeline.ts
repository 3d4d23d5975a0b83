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
import { batch, createSignal, onCleanup } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { toUserFacingError } from "./errors.ts";
import { createRawEventReader, sendStateOf } from "./rawEvents.ts";
import { listen } from "./listen.ts";
import {
  linkedTimelines,
  newestStoredEvent,
  timelineAt,
  timelinesAround,
} from "./roomTimelines.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";
import { toTimelineItems, type TimelineItem } from "./timelineItems.ts";
import {
  PAGE_SIZE,
  REVEAL_PAGES,
  THREAD_REVEAL_PAGES,
  type Timeline,
  type TimelineStatus,
} from "./timeline.ts";

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
  const [live, setLive] = createSignal(true);
  const [canPaginateForward, setCanPaginateForward] = createSignal(false);
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
  // The timeline of an older stretch being read (null: the live end). Paging forward links it
  // to the live timeline eventually; from then on the chain is the live one again.
  let anchor: EventTimeline | null = null;
  let forwardExhausted = false;
  const chainOf = (current: Room): EventTimeline[] => {
    if (anchor === null) return linkedTimelines(current);
    const around = timelinesAround(anchor);
    if (around.includes(current.getLiveTimeline())) anchor = null;
    return around;
  };

  const refresh = (): void => {
    const current = room();
    if (!current) return;
    const chain = chainOf(current);
    const events = chain.flatMap((timeline) => timeline.getEvents());
    const items = toTimelineItems(events.map(raw.read), me);
    eventPosition = new Map(events.map((event, index) => [event.getId() ?? "", index]));
    const byKey = new Map(events.map((event, index) => [raw.keyOf(event), index]));
    itemPositions = items.map((item) => byKey.get(item.key) ?? Number.MAX_SAFE_INTEGER);
    const token = chain[0]?.getPaginationToken(EventTimeline.BACKWARDS) ?? null;
    const newer = chain.at(-1)?.getPaginationToken(EventTimeline.FORWARDS) ?? null;
    const atStart = events.some((event) => event.getType() === "m.room.create");
    batch(() => {
      setState("items", reconcile(items, { key: "key" }));
      setEncrypted(current.hasEncryptionStateEvent());
      const state = current.currentState;
      setCanRedactOthers(
        state.hasSufficientPowerLevelFor("redact", state.getMember(me)?.powerLevel ?? 0),
      );
      setCanPaginateBack(token !== null && !atStart);
      setLive(anchor === null);
      setCanPaginateForward(anchor !== null && newer !== null && !forwardExhausted);
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
  let inflightForward: Promise<void> | null = null;
  const page = async (backwards: boolean): Promise<void> => {
    const current = room();
    if (!current || !(backwards ? canPaginateBack() : canPaginateForward())) return;
    setPaginating(true);
    try {
      // From the end of the chain: once a page meets history cached beyond a gap, the SDK
      // links the two and only the outer one can go further.
      const chain = chainOf(current);
      const end = backwards ? chain[0] : chain.at(-1);
      if (!end) return;
      const more = await client.paginateEventTimeline(end, { backwards, limit: PAGE_SIZE });
      if (!backwards && !more) forwardExhausted = true;
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
    live,
    canPaginateForward,
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
      inflight ??= page(true).finally(() => (inflight = null));
      return inflight;
    },
    paginateForward() {
      inflightForward ??= page(false).finally(() => (inflightForward = null));
      return inflightForward;
    },
    showLatest() {
      anchor = null;
      refresh();
    },
    async reveal(eventId) {
      const has = (): boolean => state.items.some((item) => item.id === eventId);
      for (let pages = 0; !has() && pages < REVEAL_PAGES && canPaginateBack(); pages++) {
        await timeline.paginateBack();
      }
      const current = room();
      if (has() || !current) return has();
      const around = await timelineAt(client, current, eventId, homeserverUrl);
      if (around === "gone") return false;
      if (around === "in-thread") {
        // Thread messages are found by paging, as far as a person would scroll.
        for (let pages = 0; !has() && pages < THREAD_REVEAL_PAGES && canPaginateBack(); pages++)
          await timeline.paginateBack();
        return has();
      }
      anchor = around;
      forwardExhausted = false;
      refresh();
      // The server sends the event alone: a page on each side puts it in its conversation.
      await timeline.paginateBack();
      await timeline.paginateForward();
      return has();
    },
    async markRead() {
      const current = room();
      // Reading older history is not reading the newest messages.
      if (!current || anchor !== null) return false;
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
