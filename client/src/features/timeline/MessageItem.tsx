import { createSignal, For, Match, onCleanup, Show, Switch, type JSX } from "solid-js";
import { formatFullTime, formatTime } from "../../lib/timeFormat.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import type { TimelineItem } from "../../matrix/timelineItems.ts";
import { focusRing } from "../../ui/focusRing.ts";
import { ScreenshareCard } from "../calls/ScreenshareCard.tsx";
import { FaqCard } from "./FaqCard.tsx";
import { FormattedBody } from "./FormattedBody.tsx";
import { FileDownload, InlineImage } from "./MessageMedia.tsx";
import { SenderAvatar } from "./SenderAvatar.tsx";
import { linkifyText } from "./timelineText.ts";

/** Props of {@link MessageItem}. */
export type MessageItemProps = {
  session: MatrixSession;
  item: TimelineItem;
  /** The room the timeline shows (screen-sharing cards answer into it). */
  roomId: string;
  /** First message of a run by one sender: shows avatar and name. */
  groupStart: boolean;
  onRetry: (key: string) => void;
};

/** How long a send may take before it says "Sending…" on screen (most take a blink). */
export const SENDING_NOTE_DELAY_MS = 700;

/**
 * "Sending…" under a message still on its way: for screen readers at once, on screen once it
 * takes longer than a blink (a slow network, or the server asking to wait a few seconds).
 */
function SendingNote(): JSX.Element {
  const [slow, setSlow] = createSignal(false);
  const timer = setTimeout(() => setSlow(true), SENDING_NOTE_DELAY_MS);
  onCleanup(() => clearTimeout(timer));
  return (
    <span
      class="block text-xs text-slate-600"
      classList={{ "sr-only": !slow() }}
      data-testid="sending-note"
    >
      Sending…
    </span>
  );
}

/** Plain text with bare web links made clickable; never parsed as HTML. */
function PlainText(props: { text: string }): JSX.Element {
  return (
    <For each={linkifyText(props.text)}>
      {(segment) =>
        segment.href === undefined ? (
          segment.text
        ) : (
          <a
            href={segment.href}
            target="_blank"
            rel="noopener noreferrer"
            class={`text-teal-800 underline ${focusRing}`}
          >
            {segment.text}
          </a>
        )
      }
    </For>
  );
}

/** The content of a message: text, formatted text, media, or a line saying why there is none. */
function MessageBody(props: {
  session: MatrixSession;
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
              fallback={<FileDownload session={props.session} file={file()} />}
            >
              <InlineImage session={props.session} file={file()} />
            </Show>
            <Show when={item().formattedBody ?? (item().body || undefined)}>
              <MessageText session={props.session} item={item()} />
            </Show>
          </div>
        )}
      </Match>
      <Match when={item().call}>
        <p class="text-sm text-slate-600 italic">{item().body}</p>
      </Match>
      <Match when={item().screenshare}>
        {(card) => <ScreenshareCard session={props.session} roomId={props.roomId} card={card()} />}
      </Match>
      <Match when={item().faq}>
        {(faq) => <FaqCard faq={faq()} body={item().body} html={item().formattedBody} />}
      </Match>
      <Match when={true}>
        <MessageText session={props.session} item={item()} />
      </Match>
    </Switch>
  );
}

function MessageText(props: { session: MatrixSession; item: TimelineItem }): JSX.Element {
  return (
    <div
      class="text-[0.9375rem] leading-relaxed break-words whitespace-pre-wrap"
      classList={{
        "text-slate-900": props.item.msgtype !== "m.notice",
        "text-slate-600": props.item.msgtype === "m.notice",
        italic: props.item.msgtype === "m.emote",
      }}
    >
      <Show when={props.item.msgtype === "m.emote"}>{`* ${props.item.senderName} `}</Show>
      <Show when={props.item.formattedBody} fallback={<PlainText text={props.item.body} />}>
        {(html) => (
          <div class="inline whitespace-normal">
            <FormattedBody html={html()} session={props.session} />
          </div>
        )}
      </Show>
      <Show when={props.item.edited}>
        <span class="ml-1 text-xs text-slate-600 not-italic">(edited)</span>
      </Show>
    </div>
  );
}

/**
 * One message: avatar, name and time at the start of a run from the same sender, then the
 * body; pending messages are faded, failed ones say so and offer Retry.
 */
export function MessageItem(props: MessageItemProps): JSX.Element {
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
      class="group relative flex gap-3 px-4 hover:bg-slate-50"
      classList={{ "pt-3": props.groupStart, "pt-0.5": !props.groupStart }}
      data-event-id={props.item.id}
    >
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
            session={props.session}
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
        <MessageBody session={props.session} item={props.item} roomId={props.roomId} />
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
