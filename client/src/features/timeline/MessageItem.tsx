import { createSignal, Match, Show, Switch, type JSX } from "solid-js";
import { runAction } from "../../lib/runAction.ts";
import { formatFullTime, formatTime } from "../../lib/timeFormat.ts";
import type { MediaSource } from "../../matrix/media.ts";
import type { TimelineItem } from "../../matrix/timelineItems.ts";
import { focusRing } from "../../ui/focusRing.ts";
import { ScreenshareCard } from "../calls/ScreenshareCard.tsx";
import { isActionable, type MessageActions } from "../room/roomView.ts";
import { ReactionChips, ReplyQuoteLine, ThreadMarkLine } from "./MessageRelations.tsx";
import { MessageToolbar } from "./MessageToolbar.tsx";
import { FaqCard } from "./FaqCard.tsx";
import { FileDownload, InlineImage } from "./MessageMedia.tsx";
import { SenderAvatar } from "./SenderAvatar.tsx";
import { MessageText, SendingNote } from "./MessageText.tsx";

/** Props of {@link MessageItem}. */
export type MessageItemProps = {
  /** The signed-in person. */
  me: string;
  /** Images, avatars and files of the chat. */
  media: MediaSource;
  item: TimelineItem;
  /** The room the timeline shows (screen-sharing cards answer into it). */
  roomId: string;
  /** First message of a run by one sender: shows avatar and name. */
  groupStart: boolean;
  onRetry: (key: string) => void;
  /** What the message's toolbar and reactions do; absent: the message is only shown. */
  handlers?: MessageHandlers;
  /** Holds the message list's one tab stop (arrow keys move it between messages). */
  active?: boolean;
  /** Just jumped to (a reply's original, a search result): marked for a moment. */
  highlighted?: boolean;
};

/** What one message can do, from the chat's view model. */
export type MessageHandlers = {
  actions: MessageActions;
  onReply(item: TimelineItem): void;
  onEdit(item: TimelineItem): void;
  /** Shows another message of the chat (a reply's original, a thread's root). */
  onJump(eventId: string): void;
  /** The message got keyboard focus (it becomes the list's tab stop). */
  onFocus(key: string): void;
  onError(message: string): void;
};

/** The content of a message: text, formatted text, media, or a line saying why there is none. */
function MessageBody(props: {
  me: string;
  media: MediaSource;
  item: TimelineItem;
  roomId: string;
}): JSX.Element {
  const item = () => props.item;
  return (
    <Switch>
      <Match when={item().redacted}>
        <p class="text-sm text-slate-600 italic">Message deleted</p>
      </Match>
      <Match when={item().encrypted}>
        <p class="text-sm text-slate-600 italic">
          Encrypted message — Staffroom can't read it. Open it in Element.
        </p>
      </Match>
      <Match when={item().file}>
        {(file) => (
          <div class="flex flex-col gap-1">
            <Show
              when={item().msgtype === "m.image"}
              fallback={<FileDownload media={props.media} file={file()} />}
            >
              <InlineImage media={props.media} file={file()} />
            </Show>
            <Show when={item().formattedBody ?? (item().body || undefined)}>
              <MessageText me={props.me} media={props.media} item={item()} />
            </Show>
          </div>
        )}
      </Match>
      <Match when={item().call}>
        <p class="text-sm text-slate-600 italic">{item().body}</p>
      </Match>
      <Match when={item().screenshare}>
        {(card) => <ScreenshareCard me={props.me} roomId={props.roomId} card={card()} />}
      </Match>
      <Match when={item().faq}>
        {(faq) => <FaqCard faq={faq()} body={item().body} html={item().formattedBody} />}
      </Match>
      <Match when={true}>
        <MessageText me={props.me} media={props.media} item={item()} />
      </Match>
    </Switch>
  );
}

/**
 * One message: avatar, name and time at the start of a run from the same sender, then the
 * body; pending messages are faded, failed ones say so and offer Retry.
 */
export function MessageItem(props: MessageItemProps): JSX.Element {
  let row: HTMLLIElement | undefined;
  const [hovered, setHovered] = createSignal(false);
  const [focused, setFocused] = createSignal(false);
  const [engaged, setEngaged] = createSignal(false);
  const tools = () =>
    props.handlers !== undefined &&
    isActionable(props.item) &&
    (hovered() || focused() || engaged());
  const act = (label: string, run: (actions: MessageActions) => Promise<void>): void => {
    const handlers = props.handlers;
    if (!handlers) return;
    void runAction(label, () => run(handlers.actions)).then(
      (outcome) => outcome.ok || handlers.onError(outcome.message),
    );
  };
  const toggle = (key: string): void => {
    const { item } = props;
    act("Reacting", (actions) => actions.toggleReaction(item, key));
  };
  const remove = (): void => {
    const { item } = props;
    // The toolbar goes with the deleted message; the person stays on the message.
    row?.focus();
    act("Deleting the message", (actions) => actions.remove(item));
  };
  // Up and Down move between messages; the toolbar's buttons follow with Tab.
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.target !== row || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    let next = event.key === "ArrowUp" ? row.previousElementSibling : row.nextElementSibling;
    while (next && !(next instanceof HTMLElement && next.dataset["message"] !== undefined))
      next = event.key === "ArrowUp" ? next.previousElementSibling : next.nextElementSibling;
    if (next instanceof HTMLElement) {
      event.preventDefault();
      next.focus();
    }
  };
  const time = (size = "text-xs") => (
    <time
      dateTime={new Date(props.item.ts).toISOString()}
      title={formatFullTime(props.item.ts)}
      class={`${size} text-slate-600`}
    >
      {formatTime(props.item.ts)}
    </time>
  );
  return (
    <li
      ref={(el) => (row = el)}
      class={`group relative flex gap-3 px-4 transition-colors hover:bg-slate-50 ${focusRing} focus-visible:outline-offset-[-2px]`}
      classList={{
        "pt-3": props.groupStart,
        "pt-0.5": !props.groupStart,
        "bg-amber-50": props.highlighted,
        "bg-amber-50/70 shadow-[inset_4px_0_0_0_var(--color-amber-400)]":
          props.item.mentionsMe === true,
      }}
      data-event-id={props.item.id}
      data-message=""
      tabIndex={props.handlers ? (props.active ? 0 : -1) : undefined}
      onKeyDown={onKeyDown}
      onPointerEnter={() => setHovered(true)}
      onPointerLeave={() => setHovered(false)}
      onFocusIn={(event) => {
        setFocused(true);
        if (event.target === row) props.handlers?.onFocus(props.item.key);
      }}
      onFocusOut={(event) => {
        if (!row?.contains(event.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <Show when={tools() && props.handlers}>
        {(handlers) => (
          <MessageToolbar
            senderName={props.item.senderName}
            canEdit={handlers().actions.canEdit(props.item)}
            canDelete={handlers().actions.canRemove(props.item)}
            onReply={() => handlers().onReply(props.item)}
            onEdit={() => handlers().onEdit(props.item)}
            onReact={toggle}
            onDelete={remove}
            onEngagedChange={setEngaged}
            onError={(message) => handlers().onError(message)}
          />
        )}
      </Show>
      <div class="w-9 shrink-0">
        <Show
          when={props.groupStart}
          fallback={
            // Out of the flow so the hover time never makes a continuation line taller.
            <span class="invisible absolute top-1.5 left-1 w-12 text-right text-[0.6875rem] leading-none whitespace-nowrap group-focus-within:visible group-hover:visible">
              {time("text-[0.6875rem]")}
            </span>
          }
        >
          <SenderAvatar
            media={props.media}
            userId={props.item.sender}
            name={props.item.senderName}
            mxc={props.item.avatarMxc}
          />
        </Show>
      </div>
      <div
        class="min-w-0 flex-1 pb-0.5"
        classList={{ "opacity-60": props.item.sendState === "pending" }}
      >
        <Show when={props.groupStart}>
          <p class="flex items-baseline gap-2">
            <span class="font-semibold text-slate-900">{props.item.senderName}</span>
            {time()}
          </p>
        </Show>
        <Show when={!props.groupStart}>
          <span class="sr-only">
            {props.item.senderName}, {formatTime(props.item.ts)}:
          </span>
        </Show>
        <Show when={!props.item.redacted && props.item.thread}>
          {(thread) => (
            <ThreadMarkLine thread={thread()} onJump={(id) => props.handlers?.onJump(id)} />
          )}
        </Show>
        <Show when={!props.item.redacted && props.item.replyTo}>
          {(quote) => (
            <ReplyQuoteLine quote={quote()} onJump={(id) => props.handlers?.onJump(id)} />
          )}
        </Show>
        <MessageBody me={props.me} media={props.media} item={props.item} roomId={props.roomId} />
        <Show when={!props.item.redacted}>
          <ReactionChips
            reactions={props.item.reactions}
            onToggle={props.handlers && isActionable(props.item) ? toggle : undefined}
          />
        </Show>
        <Show when={props.item.sendState === "pending"}>
          <SendingNote />
        </Show>
        <Show when={props.item.sendState === "failed"}>
          <p class="mt-1 flex items-center gap-2 text-sm text-red-800">
            Not sent.
            <button
              type="button"
              class={`rounded px-1 font-medium underline ${focusRing}`}
              onClick={() => props.onRetry(props.item.key)}
            >
              Retry
            </button>
          </p>
        </Show>
      </div>
    </li>
  );
}
