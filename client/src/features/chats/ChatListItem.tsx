import { Show, type JSX } from "solid-js";
import type { PresenceState } from "../../matrix/createPresence.ts";
import { Spinner } from "../../ui/Spinner.tsx";
import { focusRing } from "../../ui/focusRing.ts";
import { badgeText, entryLabel, presenceLabels, type ChatEntry } from "./chatListModel.ts";

const presenceDots: Record<PresenceState, string> = {
  online: "bg-emerald-600",
  unavailable: "bg-amber-500",
  offline: "bg-slate-400",
  unknown: "bg-slate-300",
};

/** Props of {@link ChatListItem}. */
export type ChatListItemProps = {
  entry: ChatEntry;
  selected: boolean;
  /** True while the chat is being opened (e.g. the DM is being created). */
  busy?: boolean;
  /** Why the row cannot be opened yet (shown under the name), or undefined. */
  unavailable?: string;
  onSelect: () => void;
};

/**
 * One chat in the Internal Chat list: a button with the name, an online dot and label for
 * operators, and a numbered badge when there are unread messages. The accessible name says it
 * all in words ("Circulation, 3 unread messages"), so the visual badge is hidden from readers.
 */
export function ChatListItem(props: ChatListItemProps): JSX.Element {
  // A mention of you is marked "@" on a red badge, apart from plain unread counts.
  const badge = () => {
    const count = badgeText(props.entry.unread);
    return count && props.entry.highlight > 0 ? `@ ${count}` : count;
  };
  return (
    <li>
      <button
        type="button"
        aria-label={[entryLabel(props.entry), props.unavailable].filter(Boolean).join(", ")}
        aria-current={props.selected ? "true" : undefined}
        aria-busy={props.busy === true ? "true" : undefined}
        data-room-id={props.entry.roomId ?? undefined}
        disabled={props.unavailable !== undefined}
        onClick={() => props.onSelect()}
        class={`flex w-full items-center gap-2 rounded-md px-2.5 py-2 text-left text-sm transition-colors disabled:cursor-not-allowed disabled:opacity-70 ${focusRing}`}
        classList={{
          "bg-teal-50 text-teal-900 ring-1 ring-teal-700/25 ring-inset": props.selected,
          "text-slate-800 hover:bg-slate-100": !props.selected,
        }}
      >
        <Show when={props.entry.presence}>
          {(presence) => (
            <span
              aria-hidden="true"
              class={`size-2.5 shrink-0 rounded-full ${presenceDots[presence()]}`}
            />
          )}
        </Show>
        <span class="flex min-w-0 flex-1 flex-col">
          <span
            class="truncate"
            classList={{ "font-semibold": props.entry.unread > 0 || props.selected }}
          >
            {props.entry.title}
          </span>
          {/* Flex items ignore this space visually; it keeps the visible words apart for
              assistive tech, so the aria-label contains them ("bob Offline" → "bob, Offline"). */}{" "}
          <Show when={props.entry.presence}>
            {(presence) => (
              <span aria-hidden="true" class="text-xs text-slate-600">
                {presenceLabels[presence()]}
              </span>
            )}
          </Show>
          <Show when={props.unavailable}>
            {(why) => (
              <span aria-hidden="true" class="text-xs text-slate-600">
                {why()}
              </span>
            )}
          </Show>
        </span>
        <Show when={props.busy}>
          <Spinner class="text-teal-700" />
        </Show>{" "}
        <Show when={badge()}>
          {(text) => (
            <span
              aria-hidden="true"
              data-testid="unread-badge"
              class="min-w-6 shrink-0 rounded-full px-1.5 py-0.5 text-center text-xs font-semibold text-white"
              classList={{
                "bg-red-700": props.entry.highlight > 0,
                "bg-teal-700": props.entry.highlight === 0,
              }}
            >
              {text()}
            </span>
          )}
        </Show>
      </button>
    </li>
  );
}
