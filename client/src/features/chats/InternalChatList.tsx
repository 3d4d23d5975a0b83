import { createMemo, For, Show, type JSX } from "solid-js";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { Notice } from "../../ui/Notice.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import { focusRing } from "../../ui/focusRing.ts";
import { ChatGroup } from "./ChatGroup.tsx";
import { ChatListItem } from "./ChatListItem.tsx";
import type { ChatEntry, ChatList } from "./chatListModel.ts";

/** Props of {@link InternalChatList}: view data and callbacks only. */
export type InternalChatListProps = {
  /** The list, or undefined while the directory has not answered yet. */
  list: ChatList | undefined;
  loading: boolean;
  /** Why the directory could not be loaded, or null. */
  error: string | null;
  onRetry: () => void;
  selectedKey: string | null;
  /** The row being opened right now, if any. */
  busyKey: string | null;
  /** Why opening the last chat failed, or null. */
  openError: string | null;
  onSelect: (entry: ChatEntry) => void;
  /** Whether Internal Chat is shown as its own tab (the setting at the bottom of the list). */
  internalTab: boolean;
  onInternalTabChange: (value: boolean) => void;
};

/**
 * The Internal Chat section: Departments, Operators (All Staff first, then colleagues with their
 * online status), each with unread badges; loading and error states with "Try again"; and the
 * setting that moves this section into its own tab.
 */
export function InternalChatList(props: InternalChatListProps): JSX.Element {
  // Rows are keyed by their stable key, not by object: the list is rebuilt on every count
  // change, and re-creating the buttons would drop keyboard focus whenever a message arrives.
  const byKey = createMemo(() => {
    const list = props.list;
    const all = list ? [...list.departments, ...list.operators] : [];
    if (list?.allStaff) all.push(list.allStaff);
    return new Map(all.map((entry) => [entry.key, entry]));
  });
  // `keys` is an accessor so the <ul> and <For> are created once and only rows change.
  const rows = (keys: () => string[]) => (
    <ul class="flex flex-col gap-0.5">
      <For each={keys()}>
        {(key) => (
          <Show when={byKey().get(key)}>
            {(entry) => (
              <ChatListItem
                entry={entry()}
                selected={props.selectedKey === key}
                busy={props.busyKey === key}
                unavailable={
                  entry().kind !== "direct" && entry().roomId === null ? "Being set up…" : undefined
                }
                onSelect={() => props.onSelect(entry())}
              />
            )}
          </Show>
        )}
      </For>
    </ul>
  );
  const keysOf = (entries: readonly ChatEntry[]): string[] => entries.map((entry) => entry.key);

  return (
    <section
      aria-labelledby="internal-chat-heading"
      class="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="internal-chat-heading" class="text-base font-semibold text-slate-900">
        Internal Chat
      </h2>
      <Show when={props.openError}>{(message) => <Notice tone="error">{message()}</Notice>}</Show>
      <Show when={props.error}>
        {(message) => (
          <Notice tone="error" class="flex flex-col items-start gap-2">
            <span>
              <span class="font-medium">Your chats could not be loaded.</span> {message()}
            </span>
            <button
              type="button"
              class={`rounded-sm font-medium underline underline-offset-2 hover:no-underline ${focusRing}`}
              onClick={() => props.onRetry()}
            >
              Try again
            </button>
          </Notice>
        )}
      </Show>
      <Show when={props.list === undefined && props.loading}>
        <p role="status" class="flex items-center gap-2 text-sm text-slate-600">
          <Spinner class="text-teal-700" /> Loading your chats…
        </p>
      </Show>
      <Show when={props.list}>
        {(list) => (
          <>
            <ChatGroup title="Departments">
              <Show
                when={list().departments.length > 0}
                fallback={
                  <EmptyState title="No departments yet">
                    Your department chats appear here once an admin adds you to a department.
                  </EmptyState>
                }
              >
                {rows(() => keysOf(list().departments))}
              </Show>
            </ChatGroup>
            <ChatGroup title="Operators">
              <Show
                when={list().allStaff !== null || list().operators.length > 0}
                fallback={
                  <EmptyState title="No operators yet">
                    Colleagues you can message one-to-one will be listed here.
                  </EmptyState>
                }
              >
                {rows(() => [
                  ...(list().allStaff ? ["all_staff"] : []),
                  ...keysOf(list().operators),
                ])}
              </Show>
            </ChatGroup>
          </>
        )}
      </Show>
      <label class="mt-auto flex items-center gap-2 border-t border-slate-200 pt-3 text-sm text-slate-700">
        <input
          type="checkbox"
          class={`size-4 accent-teal-700 ${focusRing}`}
          checked={props.internalTab}
          onChange={(event) => {
            const box = event.currentTarget;
            props.onInternalTabChange(box.checked);
            // The whole list just moved to the other tab, which drops focus to the page; put it
            // back on the checkbox so a keyboard user stays where they were.
            queueMicrotask(() => box.focus());
          }}
        />
        Show Internal Chat in its own tab
      </label>
    </section>
  );
}
