import { createEffect, createSignal, For, on, Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import { runAction } from "../../lib/runAction.ts";
import { formatDayLabel, isSameDay, continuesGroup } from "../../lib/timeFormat.ts";
import { Button } from "../../ui/Button.tsx";
import { focusRing } from "../../ui/focusRing.ts";
import { Notice } from "../../ui/Notice.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import { createReadWhenSeen } from "./createReadWhenSeen.ts";
import { createScrollFollow } from "./createScrollFollow.ts";
import type { RoomView } from "../room/roomView.ts";
import { createJump } from "./createJump.ts";
import { createNewMessages } from "./createNewMessages.ts";
import { NewMessagesLine } from "./NewMessagesLine.tsx";
import { MessageItem, type MessageHandlers } from "./MessageItem.tsx";
import { announcementFor, typingText } from "./timelineText.ts";

/** Props of {@link Timeline}. */
export type TimelineProps = {
  view: RoomView;
  title: string;
  /** A message to jump to once the timeline is ready (a search result); new object, new jump. */
  focus?: { eventId: string } | undefined;
  /** Told whenever the room turns out to be (or stops being) end-to-end encrypted. */
  onEncryptedChange?: (encrypted: boolean) => void;
};

/** Pages of history fetched by themselves while the messages don't fill the pane. */
const AUTO_FILL_PAGES = 5;

/** The exact sentence people see in rooms Staffroom cannot decrypt. */
export const ENCRYPTED_NOTICE =
  "This chat is end-to-end encrypted; Staffroom can't read it. Open it in Element.";

/**
 * The messages of one room: day separators, runs grouped by sender, **Load more history...**
 * that keeps the view still, following new messages only when the reader is at the end, a
 * polite live region announcing arrivals, the typing line, and read receipts while the newest
 * message is on screen and the window has focus.
 */
export function Timeline(props: TimelineProps): JSX.Element {
  // One room per Timeline (ChatPane keys it by room), so reading the view once is right.
  // eslint-disable-next-line solid/reactivity
  const { timeline, composer, actions } = props.view;
  // Only the newest messages pull the reader along; an older stretch stays where it is read.
  const scroll = createScrollFollow(() => timeline.live());
  const [activeKey, setActiveKey] = createSignal<string>();
  const [notice, setNotice] = createSignal<string | null>(null);
  let region: HTMLDivElement | undefined;
  const jump = createJump(timeline, () => region, setNotice);
  // eslint-disable-next-line solid/reactivity -- a number fixed when the chat opened
  const unread = createNewMessages(timeline, props.view.unreadAtOpen);
  const jumpToUnread = async (): Promise<void> => {
    const problem = await unread.jump(() =>
      region?.querySelector("[data-new-messages]")?.scrollIntoView?.({ block: "start" }),
    );
    if (problem) setNotice(problem);
  };
  const handlers: MessageHandlers = {
    actions,
    onReply: (item) => composer.replyTo(item),
    onEdit: (item) => composer.edit(item),
    onJump: (eventId) => void jump.to(eventId),
    onFocus: setActiveKey,
    onError: setNotice,
  };
  // The list's one tab stop: the message last focused, else the newest.
  const isActive = (key: string): boolean => {
    const chosen = activeKey();
    const present = chosen !== undefined && timeline.items.some((item) => item.key === chosen);
    return (present ? chosen : newest()?.key) === key;
  };
  const [announcement, setAnnouncement] = createSignal("");
  const newest = () => timeline.items[timeline.items.length - 1];
  const loadMore = createAction("Loading older messages", () =>
    scroll.keepPositionWhile(() => timeline.paginateBack()),
  );
  const loadNewer = createAction("Loading newer messages", () => timeline.paginateForward());
  const toLatest = (): void => {
    // Reading an older stretch (opened at a search result): the newest messages replace it.
    if (!timeline.live()) timeline.showLatest();
    scroll.scrollToBottom();
  };
  const retry = (key: string): void => {
    void runAction("Sending the message again", () => timeline.retry(key));
  };

  let seen: ReadonlySet<string> | undefined;
  createEffect(
    on(
      () => [newest()?.key, timeline.live()] as const,
      ([, isLive], previous) => {
        if (timeline.status() !== "ready") return;
        const keys = new Set(timeline.items.map((item) => item.key));
        const latest = newest();
        // The first render is history, not news; after that, a new last item is an arrival.
        // Newer pages of an older stretch, and switching between it and the newest messages,
        // are not arrivals either.
        const windowMoved = !isLive || (previous !== undefined && previous[1] !== isLive);
        if (seen === undefined) scroll.scrollToBottom();
        else if (latest && !windowMoved && !seen.has(latest.key)) {
          if (!latest.mine) setAnnouncement(announcementFor(latest));
          if (latest.mine) scroll.scrollToBottom();
          else scroll.followIfAtBottom();
        }
        seen = keys;
      },
    ),
  );
  // A chat that does not fill the pane yet (a short first sync, a room of mostly state events)
  // fetches older pages by itself, a few at most: no empty pane above "Load more history...",
  // and an empty room reaches its start and says so.
  let autoPages = 0;
  createEffect(
    on(
      () => [timeline.items.length, timeline.status(), timeline.paginating()] as const,
      () => {
        if (timeline.status() !== "ready" || autoPages >= AUTO_FILL_PAGES) return;
        requestAnimationFrame(() => {
          if (!timeline.canPaginateBack() || timeline.paginating() || scroll.overflows()) return;
          if (!scroll.attached()) return;
          autoPages++;
          void loadMore.run();
        });
      },
    ),
  );
  // Away from the newest messages, scrolling to the end of the stretch loads the next page
  // (only a scroll does: where the pane was before the jump says nothing).
  createEffect(
    on(
      scroll.atBottom,
      (bottom) => {
        if (bottom && timeline.canPaginateForward() && !timeline.paginating()) void loadNewer.run();
      },
      { defer: true },
    ),
  );
  createReadWhenSeen(
    () => newest()?.key,
    scroll.atBottom,
    () => timeline.markRead(),
  );
  createEffect(() => props.onEncryptedChange?.(timeline.encrypted()));
  let focused: { eventId: string } | undefined;
  createEffect(() => {
    const request = props.focus;
    if (!request || request === focused || timeline.status() !== "ready") return;
    focused = request;
    void jump.to(request.eventId);
  });

  const now = Date.now();
  return (
    <div class="relative flex min-h-0 flex-1 flex-col">
      <Show when={timeline.encrypted()}>
        <Notice tone="warning" class="m-3 mb-0">
          {ENCRYPTED_NOTICE}
        </Notice>
      </Show>
      <div
        ref={(el) => {
          region = el;
          scroll.attach(el);
        }}
        tabIndex={0}
        role="region"
        aria-label={`Messages in ${props.title}`}
        class={`min-h-0 flex-1 overflow-y-auto overscroll-contain ${focusRing} focus-visible:outline-offset-[-2px]`}
      >
        <div class="flex min-h-full flex-col justify-end pb-3">
          <Show when={timeline.status() === "ready"} fallback={<Loading />}>
            <div class="flex flex-col items-center gap-2 px-4 pt-3">
              <Show
                when={timeline.canPaginateBack()}
                fallback={
                  <p class="text-xs text-slate-600">
                    {timeline.items.length === 0
                      ? "No messages yet. Say hello!"
                      : "This is the beginning of the chat."}
                  </p>
                }
              >
                <Button
                  variant="secondary"
                  busy={loadMore.busy()}
                  onClick={() => void loadMore.run()}
                >
                  Load more history...
                </Button>
              </Show>
              <Show when={loadMore.error()}>
                {(message) => <Notice tone="error">{message()}</Notice>}
              </Show>
            </div>
            <ol aria-label="Messages" class="flex flex-col">
              <For each={timeline.items}>
                {(item, index) => {
                  const previous = () => timeline.items[index() - 1];
                  const newDay = () => {
                    const before = previous();
                    return before === undefined || !isSameDay(before.ts, item.ts);
                  };
                  return (
                    <>
                      <Show when={newDay()}>
                        <li
                          class="flex items-center gap-3 px-4 pt-4 pb-1"
                          aria-label={formatDayLabel(item.ts, now)}
                        >
                          <span aria-hidden="true" class="h-px flex-1 bg-slate-200" />
                          <span class="text-xs font-semibold text-slate-600">
                            {formatDayLabel(item.ts, now)}
                          </span>
                          <span aria-hidden="true" class="h-px flex-1 bg-slate-200" />
                        </li>
                      </Show>
                      <Show when={unread.dividerKey() === item.key}>
                        <NewMessagesLine onSeen={() => unread.seen()} />
                      </Show>
                      <MessageItem
                        me={props.view.me}
                        media={props.view.media}
                        item={item}
                        roomId={props.view.roomId}
                        groupStart={newDay() || !continuesGroup(previous(), item)}
                        onRetry={retry}
                        handlers={handlers}
                        active={isActive(item.key)}
                        highlighted={jump.highlighted() === item.id}
                      />
                    </>
                  );
                }}
              </For>
            </ol>
            <Show when={timeline.canPaginateForward()}>
              <div class="flex flex-col items-center gap-2 px-4 pt-3">
                <Button
                  variant="secondary"
                  busy={loadNewer.busy()}
                  onClick={() => void loadNewer.run()}
                >
                  Load newer messages
                </Button>
                <Show when={loadNewer.error()}>
                  {(message) => <Notice tone="error">{message()}</Notice>}
                </Show>
              </div>
            </Show>
          </Show>
        </div>
      </div>
      <Show when={unread.offerJump()}>
        <button
          type="button"
          onClick={() => void jumpToUnread()}
          class={`absolute top-2 left-1/2 z-10 -translate-x-1/2 rounded-full border border-slate-200 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow hover:bg-slate-50 ${focusRing}`}
        >
          Jump to first unread ↑
        </button>
      </Show>
      <Show when={!scroll.atBottom() || !timeline.live()}>
        <button
          type="button"
          onClick={toLatest}
          class={`absolute right-4 bottom-9 rounded-full bg-teal-700 px-3 py-1.5 text-sm font-medium text-white shadow hover:bg-teal-800 ${focusRing}`}
        >
          Jump to latest ↓
        </button>
      </Show>
      <Show when={notice()}>
        {(message) => (
          <p role="alert" class="flex items-center gap-2 px-4 pt-1 text-sm text-red-800">
            <span class="min-w-0 flex-1">{message()}</span>
            <Button variant="ghost" class="px-2 py-0.5" onClick={() => setNotice(null)}>
              Dismiss
            </Button>
          </p>
        )}
      </Show>
      <p class="h-6 shrink-0 truncate px-4 text-xs text-slate-600 italic" aria-live="polite">
        {typingText(timeline.typing())}
      </p>
      <div class="sr-only" aria-live="polite" aria-atomic="true">
        {announcement()}
      </div>
    </div>
  );
}

function Loading(): JSX.Element {
  return (
    <p role="status" class="flex items-center justify-center gap-2 p-6 text-sm text-slate-600">
      <Spinner /> Loading messages…
    </p>
  );
}
