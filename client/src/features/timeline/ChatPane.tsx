import { createSignal, Show, type JSX } from "solid-js";
import type { StaffroomApi } from "../../api/apiClient.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import type { OpenChat } from "../chats/openChat.ts";
import { RequestScreenshareButton } from "../calls/RequestScreenshareButton.tsx";
import { Composer } from "../composer/Composer.tsx";
import { FaqButton } from "../faq/FaqButton.tsx";
import { GroupCallPanel } from "../meetings/GroupCallPanel.tsx";
import { MembersButton } from "../members/MembersButton.tsx";
import { Button } from "../../ui/Button.tsx";
import { StartMeetingButton } from "../meetings/StartMeetingButton.tsx";
import { OtherRoomsBanner } from "./OtherRoomsBanner.tsx";
import { RetentionNotice } from "./RetentionNotice.tsx";
import { Timeline } from "./Timeline.tsx";

/** Props of {@link ChatPane}. */
export type ChatPaneProps = {
  session: MatrixSession;
  api: StaffroomApi;
  chat: OpenChat;
  /** Opens another room of the same conversation (a pair's DM made in another client). */
  onOpenRoom?: (roomId: string) => void;
};

/**
 * The open chat: header (title, Members button for departments), the timeline, the composer.
 * The timeline is keyed by room, so switching chats starts a fresh one (listeners, scroll).
 */
export function ChatPane(props: ChatPaneProps): JSX.Element {
  const [encrypted, setEncrypted] = createSignal(false);
  const [meeting, setMeeting] = createSignal(false);
  return (
    <section
      aria-label={props.chat.title}
      class="flex h-[calc(100dvh-9rem)] min-h-96 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white"
    >
      <header class="flex flex-wrap items-center justify-between gap-x-3 gap-y-2 border-b border-slate-200 px-4 py-3">
        {/* The title keeps room for a name; the buttons wrap below it in a narrow pane. */}
        <div class="min-w-32 flex-1">
          <h2 class="truncate font-semibold text-slate-900">{props.chat.title}</h2>
          <RetentionNotice session={props.session} roomId={props.chat.roomId} />
        </div>
        <div class="flex flex-wrap items-center gap-2">
          <Show when={props.chat.kind === "direct" && props.chat.roomId} keyed>
            {(roomId) => <RequestScreenshareButton session={props.session} roomId={roomId} />}
          </Show>
          <Button aria-pressed={meeting()} onClick={() => setMeeting((open) => !open)}>
            Call
          </Button>
          <Show when={props.chat.roomId} keyed>
            {(roomId) => (
              <StartMeetingButton api={props.api} session={props.session} roomId={roomId} />
            )}
          </Show>
          <Show when={props.chat.departmentId}>
            {(id) => (
              <MembersButton
                api={props.api}
                session={props.session}
                departmentId={id()}
                departmentName={props.chat.title}
              />
            )}
          </Show>
        </div>
      </header>
      <OtherRoomsBanner
        title={props.chat.title}
        otherRoomIds={props.chat.otherRoomIds ?? []}
        onOpen={(roomId) => props.onOpenRoom?.(roomId)}
      />
      <Show when={meeting() && props.chat.roomId} keyed>
        {(roomId) => (
          <GroupCallPanel session={props.session} roomId={roomId} title={props.chat.title} />
        )}
      </Show>
      <Show when={props.chat.roomId} keyed>
        {(roomId) => (
          <Timeline
            session={props.session}
            roomId={roomId}
            title={props.chat.title}
            onEncryptedChange={setEncrypted}
          />
        )}
      </Show>
      {/* Staffroom has no end-to-end encryption, and the SDK refuses to send plain text into an
          encrypted room: say where to reply instead of offering a composer that cannot work. */}
      <Show
        when={!encrypted()}
        fallback={
          <p class="border-t border-slate-200 px-4 py-3 text-sm text-slate-700">
            To reply in this chat, open it in Element.
          </p>
        }
      >
        <Composer
          session={props.session}
          roomId={props.chat.roomId}
          faqSlot={<FaqButton api={props.api} session={props.session} roomId={props.chat.roomId} />}
        />
      </Show>
    </section>
  );
}
