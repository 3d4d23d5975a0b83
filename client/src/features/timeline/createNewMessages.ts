import { createEffect, createMemo, createSignal, untrack, type Accessor } from "solid-js";
import { runAction } from "../../lib/runAction.ts";
import type { Timeline } from "../../matrix/timeline.ts";

/** Where the messages unread at opening start; see {@link createNewMessages}. */
export interface NewMessages {
  /**
   * The item the "New messages" line goes above: its key; undefined while the first unread
   * message is further up than what is loaded; null when there is no line to draw.
   */
  dividerKey: Accessor<string | null | undefined>;
  /** There are unread messages and the line has not been seen yet. */
  offerJump: Accessor<boolean>;
  /** The line was on screen (or jumped to): stop offering the jump. */
  seen(): void;
  /**
   * Loads older history until the first unread message is there, then shows the line.
   * @param show - scrolls the line into view once it is rendered
   * @returns a sentence for the person when the first unread message can't be found
   */
  jump(show: () => void): Promise<string | undefined>;
}

/**
 * The "New messages" line of a chat: it stays where the read marker (`m.fully_read`) was when
 * the chat opened, above the first unread message from someone else, while reading moves the
 * marker on. Drawn only when the chat had unread messages at opening.
 * @param timeline - the chat's timeline
 * @param unreadAtOpen - unread messages when the chat opened
 * @returns a {@link NewMessages}
 */
export function createNewMessages(timeline: Timeline, unreadAtOpen: number): NewMessages {
  const [marker, setMarker] = createSignal<string>();
  const [seen, setSeen] = createSignal(false);
  let taken = false;
  createEffect(() => {
    if (taken || timeline.status() !== "ready") return;
    taken = true;
    if (unreadAtOpen > 0) setMarker(untrack(timeline.fullyRead));
  });
  const dividerKey = createMemo(() => {
    const id = marker();
    if (id === undefined) return null;
    const from = timeline.indexAfter(id);
    if (from === undefined) return undefined;
    return timeline.items.slice(from).find((item) => !item.mine)?.key ?? null;
  });
  return {
    dividerKey,
    offerJump: () => marker() !== undefined && dividerKey() !== null && !seen(),
    seen: () => setSeen(true),
    async jump(show) {
      const id = marker();
      if (id === undefined) return undefined;
      if (dividerKey() === undefined) {
        const outcome = await runAction("Finding the first unread message", () =>
          timeline.reveal(id),
        );
        if (!outcome.ok) return outcome.message;
        if (!outcome.value) return "The first unread message is no longer in this chat's history.";
      }
      setSeen(true);
      show();
      return undefined;
    },
  };
}
