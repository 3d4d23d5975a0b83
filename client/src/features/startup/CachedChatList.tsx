import { For, Show, type JSX } from "solid-js";
import type { ChatListSnapshot } from "../../lib/chatListSnapshot.ts";
import { ChatGroup } from "../chats/ChatGroup.tsx";

/**
 * The Internal Chat list as it was last seen, painted from the local snapshot while the live
 * list (and matrix-js-sdk behind it) loads. Rows are read-only text: nothing can be opened until
 * the session runs, and a button that does nothing would be worse than none. Without a snapshot
 * it says it is loading rather than showing empty groups that would read as "you have no chats".
 */
export function CachedChatList(props: { snapshot: ChatListSnapshot | null }): JSX.Element {
  return (
    <div class="grid flex-1 gap-4 md:grid-cols-[18rem_1fr]">
      <section
        aria-labelledby="internal-chat-heading"
        aria-busy="true"
        class="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-4"
      >
        <h2 id="internal-chat-heading" class="text-base font-semibold text-slate-900">
          Internal Chat
        </h2>
        <Show
          when={props.snapshot}
          fallback={<p class="text-sm text-slate-600">Loading your chats…</p>}
        >
          {(snapshot) => (
            <For each={snapshot().groups}>
              {(group) => (
                <ChatGroup title={group.title}>
                  <ul class="flex flex-col gap-1">
                    <For each={group.entries}>
                      {(entry) => (
                        <li class="flex items-center justify-between gap-2 rounded-md px-2 py-1.5 text-sm text-slate-800">
                          <span class="truncate">{entry.name}</span>
                          <Show when={entry.unread > 0}>
                            <span
                              class="min-w-5 rounded-full bg-teal-700 px-1.5 text-center text-xs font-semibold text-white"
                              aria-label={`${entry.unread} unread`}
                            >
                              {entry.unread > 99 ? "99+" : entry.unread}
                            </span>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </ChatGroup>
              )}
            </For>
          )}
        </Show>
      </section>
      <section
        aria-label="Conversation"
        class="flex min-h-64 items-center justify-center rounded-lg border border-slate-200 bg-white p-6 text-center"
      >
        <p class="text-sm text-slate-600">Connecting to the chat server…</p>
      </section>
    </div>
  );
}
