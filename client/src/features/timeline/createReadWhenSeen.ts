import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";
import { runAction } from "../../lib/runAction.ts";

/**
 * Whether the person can actually see the page: the tab is visible and the window has focus.
 * Live: follows `visibilitychange`, `focus` and `blur`.
 */
export function createPageAttention(): Accessor<boolean> {
  const read = (): boolean => document.visibilityState === "visible" && document.hasFocus();
  const [attentive, setAttentive] = createSignal(read());
  const update = (): void => {
    setAttentive(read());
  };
  document.addEventListener("visibilitychange", update);
  window.addEventListener("focus", update);
  window.addEventListener("blur", update);
  onCleanup(() => {
    document.removeEventListener("visibilitychange", update);
    window.removeEventListener("focus", update);
    window.removeEventListener("blur", update);
  });
  return attentive;
}

/**
 * Sends a read receipt whenever the newest message is on screen and the person is looking:
 * when it arrives while they are at the bottom, when they scroll down to it, and when they
 * come back to the tab. Failures are logged (a background action); the next trigger retries.
 * @param newestKey - key of the newest message (changes when one arrives)
 * @param atBottom - the newest message is scrolled into view
 * @param markRead - sends the receipt (the timeline primitive skips ones already sent)
 */
export function createReadWhenSeen(
  newestKey: Accessor<string | undefined>,
  atBottom: Accessor<boolean>,
  markRead: () => Promise<boolean>,
): void {
  const attentive = createPageAttention();
  createEffect(
    on([newestKey, atBottom, attentive], ([key, bottom, looking]) => {
      if (key === undefined || !bottom || !looking) return;
      void runAction("Marking the chat as read", markRead);
    }),
  );
}
