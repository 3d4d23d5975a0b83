import { createSignal, onCleanup, type Accessor } from "solid-js";
import { runAction } from "../../lib/runAction.ts";
import type { Timeline } from "../../matrix/timeline.ts";

/** How long a message jumped to stays marked. */
export const HIGHLIGHT_MS = 2500;

/** The sentence shown when the message jumped to cannot be found. */
export const NOT_IN_HISTORY =
  "That message is no longer in this chat's history: it was removed under the history policy, or was sent before you could see the chat.";

/** Jumping to a message of the open chat; see {@link createJump}. */
export interface Jump {
  /** The event ID marked right now. */
  highlighted: Accessor<string | undefined>;
  /** Brings the message in (older history if need be), scrolls to it, focuses and marks it. */
  to(eventId: string): Promise<void>;
}

/**
 * Jumps to a message of the timeline: a reply's original, a thread's root or a search result,
 * loading a page or two of older messages, or the stretch of history around it, until it is there.
 * @param timeline - the chat's timeline
 * @param region - the scrolling message list
 * @param onNotice - told, in a sentence, when the message cannot be shown
 * @returns a {@link Jump}
 */
export function createJump(
  timeline: Timeline,
  region: () => HTMLElement | undefined,
  onNotice: (message: string) => void,
): Jump {
  const [highlighted, setHighlighted] = createSignal<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return {
    highlighted,
    async to(eventId) {
      const outcome = await runAction("Finding the message", () => timeline.reveal(eventId));
      if (!outcome.ok) return onNotice(outcome.message);
      if (!outcome.value) return onNotice(NOT_IN_HISTORY);
      const row = region()?.querySelector<HTMLElement>(`[data-event-id="${CSS.escape(eventId)}"]`);
      row?.scrollIntoView?.({ block: "center" });
      row?.focus({ preventScroll: true });
      setHighlighted(eventId);
      clearTimeout(timer);
      timer = setTimeout(() => setHighlighted(undefined), HIGHLIGHT_MS);
    },
  };
}
