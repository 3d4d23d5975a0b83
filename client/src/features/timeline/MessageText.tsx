import { createSignal, For, onCleanup, Show, type JSX } from "solid-js";
import type { MediaSource } from "../../matrix/media.ts";
import type { TimelineItem } from "../../matrix/timelineItems.ts";
import { focusRing } from "../../ui/focusRing.ts";
import { FormattedBody } from "./FormattedBody.tsx";
import { linkifyText } from "./timelineText.ts";

/** How long a send may take before it says "Sending…" on screen (most take a blink). */
export const SENDING_NOTE_DELAY_MS = 700;

/**
 * "Sending…" under a message still on its way: for screen readers at once, on screen once it
 * takes longer than a blink (a slow network, or the server asking to wait a few seconds).
 */
export function SendingNote(): JSX.Element {
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

/** A text message's words: formatted (sanitised) or plain, "(edited)" after an edit. */
export function MessageText(props: {
  me: string;
  media: MediaSource;
  item: TimelineItem;
}): JSX.Element {
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
            <FormattedBody html={html()} me={props.me} media={props.media} />
          </div>
        )}
      </Show>
      <Show when={props.item.edited}>
        <span class="ml-1 text-xs text-slate-600 not-italic">(edited)</span>
      </Show>
    </div>
  );
}
