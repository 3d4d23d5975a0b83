import { Show, type JSX } from "solid-js";
import type { StaffroomApi } from "../../api/apiClient.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import type { OpenChat } from "../chats/openChat.ts";
import { Composer } from "../composer/Composer.tsx";
import { MembersButton } from "../members/MembersButton.tsx";

/** Props of {@link ChatPane}. */
export type ChatPaneProps = { session: MatrixSession; api: StaffroomApi; chat: OpenChat };

/** The open chat: header (title, Members button), timeline, composer. Timeline being built. */
export function ChatPane(props: ChatPaneProps): JSX.Element {
  return (
    <section
      aria-label={props.chat.title}
      class="flex min-h-64 flex-col rounded-lg border border-slate-200 bg-white"
    >
      <header class="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 class="font-semibold text-slate-900">{props.chat.title}</h2>
        <Show when={props.chat.departmentId}>
          {(id) => (
            <MembersButton api={props.api} departmentId={id()} departmentName={props.chat.title} />
          )}
        </Show>
      </header>
      <div class="flex-1" />
      <Composer session={props.session} roomId={props.chat.roomId} />
    </section>
  );
}
