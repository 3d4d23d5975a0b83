import { createMemo, createSignal, ErrorBoundary, lazy, Show, Suspense, type JSX } from "solid-js";
import type { StaffroomApi } from "../../api/apiClient.ts";
import { createAction } from "../../lib/createAction.ts";
import { createCalls } from "../../matrix/createCalls.ts";
import { createPresence } from "../../matrix/createPresence.ts";
import { createRoomList, waitForJoinedRoom } from "../../matrix/createRoomList.ts";
import { searchMessages } from "../../matrix/searchMessages.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { buildChatList, toOpenChat, totalUnread, type ChatEntry } from "./chatListModel.ts";
import { createDirectory } from "./createDirectory.ts";
import { createDirectoryRefresh, createUnreadTitle } from "./chatsEffects.ts";
import { createNotifications } from "../../matrix/createNotifications.ts";
import { makeBrowserNotifications } from "../notifications/browserNotifications.ts";
import { createChatNotifications } from "../notifications/createChatNotifications.ts";
import { NotificationSettings } from "../notifications/NotificationSettings.tsx";
import { InternalChatList } from "./InternalChatList.tsx";
import { createChatListCache } from "../startup/createChatListCache.ts";
import type { OpenChat } from "./openChat.ts";
import { Button } from "../../ui/Button.tsx";
import { PaneNotLoaded } from "./PaneNotLoaded.tsx";
// Imported statically: the panel is ≈1 KB gzip, and a lazy chunk here would split the first
// screen's shared code (Solid, ui/) into one more chunk, past its 20 KB budget.
import { CallPanel } from "../calls/CallPanel.tsx";
import { makeScreenshare, ScreenshareContext } from "../calls/createScreenshare.ts";

// The open chat (timeline, composer, message actions, calls) loads when a chat is first
// opened, or as soon as the pointer or focus reaches the list: not on every signed-in start.
const loadChatPane = () => import("../timeline/ChatPane.tsx");
const ChatPane = lazy(() => loadChatPane().then((m) => ({ default: m.ChatPane })));
const loadSearch = () => import("../search/SearchDialog.tsx");
const SearchDialog = lazy(() => loadSearch().then((m) => ({ default: m.SearchDialog })));

/** Props of {@link ChatsView}. */
export type ChatsViewProps = {
  session: MatrixSession;
  api: StaffroomApi;
  /** The product name, for the page title ("(3) Staffroom"). */
  brand: string;
  /** Whether Internal Chat has its own tab (the per-person setting). */
  internalTab: boolean;
  onInternalTabChange: (value: boolean) => void;
};

const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * The Internal Chat screen: the list of departments, All Staff and colleagues with unread badges
 * and online status, beside the open chat. Owns which chat is open; the pane owns its inside.
 */
export function ChatsView(props: ChatsViewProps): JSX.Element {
  // The session and API client are fixed for the signed-in app's life; read them once.
  // eslint-disable-next-line solid/reactivity
  const { session, api } = props;
  const directory = createDirectory(api);
  const rooms = createRoomList(session);
  const operatorIds = createMemo(
    () => directory.value()?.operators.map((operator) => operator.user_id) ?? [],
    [],
    { equals: sameIds },
  );
  const presence = createPresence(session, operatorIds);
  // DM rooms learnt from POST /api/direct after the directory was loaded.
  const [directRooms, setDirectRooms] = createSignal<ReadonlyMap<string, string>>(new Map());
  const list = createMemo(() => {
    const value = directory.value();
    return value && buildChatList(value, rooms(), presence(), directRooms());
  });

  const [selected, setSelected] = createSignal<{ key: string; chat: OpenChat } | null>(null);
  // A message to show in the open chat (a search result); a new object for every request.
  const [focus, setFocus] = createSignal<{ roomId: string; eventId: string } | null>(null);
  const [searching, setSearching] = createSignal(false);
  const entryOfRoom = (roomId: string): ChatEntry | undefined => {
    const current = list();
    const all = current ? [...current.departments, ...current.operators] : [];
    if (current?.allStaff) all.push(current.allStaff);
    return all.find(
      (candidate) => candidate.roomId === roomId || candidate.otherRoomIds?.includes(roomId),
    );
  };
  const openResult = async (roomId: string, eventId: string): Promise<void> => {
    const entry = entryOfRoom(roomId);
    if (!entry) return;
    setSearching(false);
    await open.run(entry);
    const current = selected();
    if (current && current.chat.roomId !== roomId) await openOther.run(current, roomId);
    setFocus({ roomId, eventId });
  };
  const [busyKey, setBusyKey] = createSignal<string | null>(null);
  let pane: HTMLDivElement | undefined;
  let scrollToPane = false;
  const paneShown = (): void => {
    if (!scrollToPane) return;
    scrollToPane = false;
    requestAnimationFrame(() => pane?.scrollIntoView({ block: "start" }));
  };

  const open = createAction("Opening the chat", async (entry: ChatEntry) => {
    setBusyKey(entry.key);
    try {
      let roomId = entry.roomId;
      if (entry.kind === "direct" && entry.userId !== undefined) {
        // Always ask: the appservice returns the pair's one room and repairs a left membership.
        roomId = (await api.openDirect(entry.userId)).room_id;
        const userId = entry.userId;
        const known = roomId;
        setDirectRooms((previous) => new Map(previous).set(userId, known));
      }
      if (roomId === null) return;
      await waitForJoinedRoom(session, roomId);
      // Re-selecting the open chat keeps its pane (and scroll position) as it is.
      if (selected()?.key === entry.key && selected()?.chat.roomId === roomId) return;
      // The pane's code first (usually fetched already when the pointer reached the list): a
      // failure to fetch it shows in the pane itself.
      await loadChatPane().catch(() => undefined);
      setSelected({ key: entry.key, chat: toOpenChat(entry, roomId) });
      // On a narrow window the pane sits under the list; bring it into view once it is on the
      // page (its code may still be on its way), or the click seems to do nothing.
      scrollToPane = window.matchMedia("(max-width: 767px)").matches;
    } finally {
      setBusyKey(null);
    }
  });

  // A pair's other room (made in another client) opens in the same row's pane; its banner then
  // leads back to the pair's Staffroom room.
  const openOther = createAction(
    "Opening the other room",
    async (current: { key: string; chat: OpenChat }, roomId: string) => {
      await waitForJoinedRoom(session, roomId);
      const rooms = [current.chat.roomId, ...(current.chat.otherRoomIds ?? [])];
      const otherRoomIds = rooms.filter((id) => id !== roomId);
      setSelected({ key: current.key, chat: { ...current.chat, roomId, otherRoomIds } });
    },
  );

  const notifications = createChatNotifications({
    userId: session.userId,
    storage: window.localStorage,
    port: makeBrowserNotifications(),
    onScreenRoomId: () => selected()?.chat.roomId ?? null,
    onOpenChat: (roomId) => {
      const entry = entryOfRoom(roomId);
      if (entry) void open.run(entry);
    },
  });
  createNotifications(session, (message) => notifications.handle(message));

  const calls = createCalls(session);
  const screenshare = makeScreenshare(session, calls);
  const personName = (userId: string): string =>
    directory.value()?.operators.find((operator) => operator.user_id === userId)?.display_name ??
    userId.replace(/^@/, "").split(":")[0] ??
    userId;

  createUnreadTitle(() => props.brand, list);
  const unreadTotal = (): number => {
    const current = list();
    return current ? totalUnread(current) : 0;
  };
  // Fast start (features/startup): the snapshot a reload paints before the SDK has loaded.
  createChatListCache(session.userId, list);
  createDirectoryRefresh(list, rooms, directory.refresh);

  return (
    <ScreenshareContext.Provider value={screenshare}>
      <Show when={calls.current() ?? calls.incoming() ?? calls.error()}>
        <CallPanel calls={calls} nameOf={personName} />
      </Show>
      <div class="grid flex-1 gap-4 md:grid-cols-[18rem_1fr]">
        {/* Reaching for the list fetches the chat pane, so opening a chat rarely waits for it. */}
        {/* On a phone the list and the open chat are two screens: a chat, once open, has the
            whole width and a Back control. */}
        <div
          class="flex flex-col gap-4"
          classList={{ "max-sm:hidden": selected() !== null }}
          onPointerEnter={() => void loadChatPane()}
          onFocusIn={() => void loadChatPane()}
        >
          <Button
            variant="secondary"
            class="justify-start"
            onClick={() => setSearching(true)}
            onPointerEnter={() => void loadSearch()}
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" class="size-4 shrink-0">
              <circle
                cx="8.5"
                cy="8.5"
                r="5.5"
                fill="none"
                stroke="currentColor"
                stroke-width="2"
              />
              <path
                d="m13 13 4.5 4.5"
                stroke="currentColor"
                stroke-width="2"
                stroke-linecap="round"
              />
            </svg>
            Search messages
          </Button>
          <Show when={searching()}>
            <ErrorBoundary fallback={<PaneNotLoaded />}>
              <Suspense>
                <SearchDialog
                  search={(query) => searchMessages(session, query)}
                  openChat={
                    selected()
                      ? {
                          roomId: selected()?.chat.roomId ?? "",
                          title: selected()?.chat.title ?? "",
                        }
                      : undefined
                  }
                  onOpen={(hit) => void openResult(hit.roomId, hit.eventId)}
                  onClose={() => setSearching(false)}
                />
              </Suspense>
            </ErrorBoundary>
          </Show>
          <InternalChatList
            list={list()}
            loading={directory.loading()}
            error={directory.error()}
            onRetry={directory.refresh}
            selectedKey={selected()?.key ?? null}
            busyKey={busyKey()}
            openError={open.error()}
            onSelect={(entry) => void open.run(entry)}
            internalTab={props.internalTab}
            onInternalTabChange={(value) => props.onInternalTabChange(value)}
          />
          <section
            aria-label="Notification settings"
            class="rounded-lg border border-slate-200 bg-white p-4"
          >
            <NotificationSettings notifications={notifications} />
          </section>
        </div>
        <div
          ref={(el) => (pane = el)}
          class="flex min-w-0 scroll-mt-4 flex-col"
          classList={{ "max-sm:hidden": selected() === null }}
        >
          <Show
            when={selected()}
            keyed
            fallback={
              <section
                aria-label="Conversation"
                class="flex min-h-64 items-center justify-center rounded-lg border border-slate-200 bg-white p-6 text-center"
              >
                <div class="max-w-sm">
                  <p class="font-medium text-slate-800">No chat open</p>
                  <p class="mt-1 text-sm text-slate-600">
                    Choose a department, a colleague or All Staff to read and send messages.
                  </p>
                </div>
              </section>
            }
          >
            {(current) => (
              <ErrorBoundary fallback={<PaneNotLoaded />}>
                <Suspense fallback={<PaneLoading />}>
                  <ChatPane
                    session={session}
                    api={api}
                    chat={current.chat}
                    onOpenRoom={(roomId) => void openOther.run(current, roomId)}
                    onBack={() => setSelected(null)}
                    onShown={paneShown}
                    focus={
                      focus()?.roomId === current.chat.roomId ? (focus() ?? undefined) : undefined
                    }
                    unreadTotal={unreadTotal()}
                  />
                </Suspense>
              </ErrorBoundary>
            )}
          </Show>
        </div>
      </div>
    </ScreenshareContext.Provider>
  );
}

function PaneLoading(): JSX.Element {
  return (
    <p
      role="status"
      class="flex min-h-64 items-center justify-center rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600"
    >
      Opening the chat…
    </p>
  );
}
