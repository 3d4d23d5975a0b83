import type { JSX } from "solid-js";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { ChatGroup } from "./ChatGroup.tsx";

/**
 * The Chats tab: the Internal Chat list (departments, one-to-one chats with operators, and the
 * All Staff chat) beside the chat pane. The lists are empty until the directory and room list
 * land; each says so in words rather than showing a blank box.
 */
export function ChatsView(): JSX.Element {
  return (
    <div class="grid flex-1 gap-4 md:grid-cols-[18rem_1fr]">
      <section
        aria-labelledby="internal-chat-heading"
        class="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-4"
      >
        <h2 id="internal-chat-heading" class="text-base font-semibold text-slate-900">
          Internal Chat
        </h2>
        <ChatGroup title="Departments">
          <EmptyState title="No departments yet">
            Your department chats appear here once an admin adds you to a department.
          </EmptyState>
        </ChatGroup>
        <ChatGroup title="Operators">
          <EmptyState title="No operators yet">
            Colleagues you can message one-to-one will be listed here.
          </EmptyState>
        </ChatGroup>
        <ChatGroup title="All Staff">
          <EmptyState title="No All Staff chat yet">
            The chat for everyone appears here once it has been set up.
          </EmptyState>
        </ChatGroup>
      </section>
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
    </div>
  );
}
