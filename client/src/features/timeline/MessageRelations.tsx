import { For, Show, type JSX } from "solid-js";
import type { ReactionGroup, ReplyQuote, ThreadMark } from "../../matrix/messageRelations.ts";
import { focusRing } from "../../ui/focusRing.ts";

/** Names in a sentence: "Ana", "Ana and Ben", "Ana, Ben and 3 others". */
export function namesText(names: readonly string[], shown = 3): string {
  if (names.length <= 1) return names[0] ?? "";
  if (names.length <= shown) return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const rest = names.length - shown;
  return `${names.slice(0, shown).join(", ")} and ${rest} ${rest === 1 ? "other" : "others"}`;
}

/** What a reaction chip says to a screen reader and in its tooltip. */
export function reactionLabel(group: ReactionGroup): string {
  const who = namesText(group.senders, 10);
  const action = group.mine ? "Click to take yours back." : "Click to react the same.";
  return `${group.key} ${group.count}: ${who}. ${action}`;
}

/**
 * The quote above a reply: who is answered and the first line of what they said. Clicking it
 * shows the original (loading older history when it is further up).
 */
export function ReplyQuoteLine(props: {
  quote: ReplyQuote;
  onJump(eventId: string): void;
}): JSX.Element {
  const who = () => props.quote.senderName ?? "a message further up";
  // The accessible name holds the visible words in order ("In reply to Ana Who has the key?"),
  // so speech input users can say what they see.
  return (
    <button
      type="button"
      class={`mb-0.5 flex max-w-full items-baseline gap-1.5 rounded border-l-2 border-teal-600 bg-slate-50 py-0.5 pr-2 pl-2 text-left text-xs text-slate-700 hover:bg-slate-100 ${focusRing}`}
      onClick={() => props.onJump(props.quote.eventId)}
    >
      <span aria-hidden="true">↩</span>
      <span class="sr-only">In reply to</span> <span class="shrink-0 font-semibold">{who()}</span>{" "}
      <Show when={props.quote.preview}>
        {(preview) => <span class="truncate">{preview()}</span>}
      </Show>{" "}
      <span class="sr-only">(show the original message)</span>
    </button>
  );
}

/** "In thread" with the thread's first message, for messages sent from a thread view. */
export function ThreadMarkLine(props: {
  thread: ThreadMark;
  onJump(eventId: string): void;
}): JSX.Element {
  return (
    <button
      type="button"
      class={`mb-0.5 flex max-w-full items-baseline gap-1.5 rounded text-left text-xs text-slate-600 hover:text-slate-900 ${focusRing}`}
      onClick={() => props.onJump(props.thread.rootId)}
    >
      <span aria-hidden="true">🧵</span>
      <span class="shrink-0 font-medium">In thread</span>{" "}
      <Show when={props.thread.rootPreview}>
        {(preview) => <span class="truncate italic">{preview()}</span>}
      </Show>{" "}
      <span class="sr-only">(show the thread's first message)</span>
    </button>
  );
}

/**
 * The reactions under a message: each emoji with its count, yours highlighted, who reacted in
 * the tooltip and the accessible name; clicking toggles yours.
 */
export function ReactionChips(props: {
  reactions: readonly ReactionGroup[];
  /** Absent: shown, not clickable (the message can take no reactions). */
  onToggle?: (key: string) => void;
}): JSX.Element {
  return (
    <Show when={props.reactions.length > 0}>
      <ul class="mt-1 flex flex-wrap gap-1" aria-label="Reactions">
        <For each={props.reactions}>
          {(group) => (
            <li>
              <button
                type="button"
                aria-pressed={group.mine}
                aria-label={reactionLabel(group)}
                title={reactionLabel(group)}
                disabled={props.onToggle === undefined}
                onClick={() => props.onToggle?.(group.key)}
                class={`flex h-7 items-center gap-1 rounded-full border px-2 text-sm leading-none ${focusRing}`}
                classList={{
                  "border-teal-600 bg-teal-50 text-teal-900": group.mine,
                  "border-slate-200 bg-white text-slate-800 hover:bg-slate-50": !group.mine,
                }}
              >
                <span class="max-w-24 truncate">{group.key}</span>
                <span class="text-xs font-medium">{group.count}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
