import { createSignal, ErrorBoundary, onMount, Show, type JSX } from "solid-js";
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
import { ChatNotificationSelect } from "../notifications/ChatNotificationSelect.tsx";
import { createRoomView } from "../room/createRoomView.ts";
import type { RoomView } from "../room/roomView.ts";
import { createFileDrop } from "../composer/createFileDrop.ts";
import { createStagedFiles } from "../composer/createStagedFiles.ts";
import { Notice } from "../../ui/Notice.tsx";
import { userMessageOf } from "../../lib/userFacingError.ts";
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
  /** Called once the pane is on the page (the list scrolls it into view on narrow windows). */
  onShown?: () => void;
  /** Back to the chat list (the phone layout shows one screen at a time). */
  onBack?: () => void;
  /** Unread messages in all chats, shown on the Back control. */
  unreadTotal?: number;
  /** A message to scroll to and mark (a search result); each request is a new object. */
  focus?: { eventId: string };
};

/**
 * The open chat: header (title, Members button for departments), the timeline, the composer.
 * Timeline and composer share one view model per room, keyed by room, so switching chats starts
 * a fresh one (listeners, scroll, reply or edit in progress); an error inside them is caught
 * here and offers to load the chat again.
 */
export function ChatPane(props: ChatPaneProps): JSX.Element {
  onMount(() => props.onShown?.());
  return (
    <Show when={props.chat.roomId} keyed>
      {(roomId) => <RoomPane {...props} roomId={roomId} />}
    </Show>
  );
}

/** The pane of one room, from one {@link createRoomView} for as long as it is open. */
function RoomPane(props: ChatPaneProps & { roomId: string }): JSX.Element {
  // Keyed by room in ChatPane: one view for this component's life.
  // eslint-disable-next-line solid/reactivity
  const view = createRoomView(props.session, props.roomId);
  const [meeting, setMeeting] = createSignal(false);
  return (
    <section
      aria-label={props.chat.title}
      class="flex h-[calc(100dvh-9rem)] min-h-96 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white"
    >
      <header class="flex flex-wrap items-center justify-between gap-x-3 gap-y-2 border-b border-slate-200 px-4 py-3">
        {/* The title keeps room for a name; the buttons wrap below it in a narrow pane. */}
        <Show when={props.onBack}>
          {(back) => (
            <Button
              variant="ghost"
              class="-ml-2 px-2 sm:hidden"
              aria-label={
                props.unreadTotal ? `Back to chats, ${props.unreadTotal} unread` : "Back to chats"
              }
              onClick={() => back()()}
            >
              <span aria-hidden="true">←</span>
              <Show when={props.unreadTotal}>
                {(total) => (
                  <span
                    aria-hidden="true"
                    class="ml-1 rounded-full bg-teal-700 px-1.5 text-xs font-semibold text-white"
                  >
                    {total() > 99 ? "99+" : total()}
                  </span>
                )}
              </Show>
            </Button>
          )}
        </Show>
        <div class="min-w-32 flex-1">
          <h2 class="truncate font-semibold text-slate-900">{props.chat.title}</h2>
          <RetentionNotice days={view.retention()} />
        </div>
        <div class="flex flex-wrap items-center gap-2">
          <ChatNotificationSelect level={view.notifications} />
          <Show when={props.chat.kind === "direct"}>
            <RequestScreenshareButton session={props.session} roomId={props.roomId} />
          </Show>
          <Button aria-pressed={meeting()} onClick={() => setMeeting((open) => !open)}>
            Call
          </Button>
          <StartMeetingButton api={props.api} session={props.session} roomId={props.roomId} />
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
      <Show when={meeting()}>
        <GroupCallPanel session={props.session} roomId={props.roomId} title={props.chat.title} />
      </Show>
      <ErrorBoundary fallback={(error, reset) => <PaneError error={error} onRetry={reset} />}>
        <OpenRoom {...props} view={view} />
      </ErrorBoundary>
    </section>
  );
}

/** Timeline and composer of one room. */
function OpenRoom(props: ChatPaneProps & { roomId: string; view: RoomView }): JSX.Element {
  // One room, one view, for this component's life.
  // eslint-disable-next-line solid/reactivity
  const view = props.view;
  const [encrypted, setEncrypted] = createSignal(false);
  const staged = createStagedFiles(view.composer.uploads);
  const drop = createFileDrop((files) => !encrypted() && staged.add(files));
  return (
    <div
      class="relative flex min-h-0 flex-1 flex-col"
      onDragEnter={(event) => drop.onDragEnter(event)}
      onDragOver={(event) => drop.onDragOver(event)}
      onDragLeave={(event) => drop.onDragLeave(event)}
      onDrop={(event) => drop.onDrop(event)}
    >
      <Show when={drop.dragging() && !encrypted()}>
        <div
          aria-hidden="true"
          class="pointer-events-none absolute inset-2 z-30 flex items-center justify-center rounded-lg border-2 border-dashed border-teal-600 bg-teal-50/90 text-sm font-medium text-teal-900"
        >
          Drop files to add them to your message
        </div>
      </Show>
      <Timeline
        view={view}
        title={props.chat.title}
        focus={props.focus}
        onEncryptedChange={setEncrypted}
      />
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
          composer={view.composer}
          roomId={props.roomId}
          staged={staged}
          faqSlot={<FaqButton api={props.api} session={props.session} roomId={props.roomId} />}
        />
      </Show>
    </div>
  );
}

/** What the pane shows when something inside it failed: the reason and a way back. */
function PaneError(props: { error: unknown; onRetry(): void }): JSX.Element {
  return (
    <div class="flex flex-1 flex-col items-start gap-3 p-4">
      <Notice tone="error">
        This chat could not be shown. {userMessageOf(props.error, "Something went wrong.")}
      </Notice>
      <Button variant="secondary" onClick={() => props.onRetry()}>
        Load the chat again
      </Button>
    </div>
  );
}
