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

/** How long a chat must stay quiet before a receipt for a newly arrived message goes out. */
export const RECEIPT_QUIET_MS = 1000;
/** The longest a receipt waits during a busy chat, so badges elsewhere still clear. */
export const RECEIPT_MAX_WAIT_MS = 5000;

/**
 * Sends a read receipt whenever the newest message is on screen and the person is looking: at
 * once when they open the chat, scroll down to the newest message or come back to the tab; and,
 * for messages arriving while they watch, once the chat has been quiet for a second (at most
 * five seconds late). One receipt per message would put a request on the wire for every
 * message in a busy chat, slowing the very messages being read. A receipt still pending when
 * the person leaves or looks away is sent then. Failures are logged (a background action); the
 * next trigger retries.
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pendingSince = 0;
  const send = (): void => {
    clearTimeout(timer);
    timer = undefined;
    void runAction("Marking the chat as read", markRead);
  };
  const sendLater = (): void => {
    const now = Date.now();
    if (timer === undefined) pendingSince = now;
    clearTimeout(timer);
    const wait = Math.min(RECEIPT_QUIET_MS, Math.max(0, pendingSince + RECEIPT_MAX_WAIT_MS - now));
    timer = setTimeout(send, wait);
  };
  createEffect(
    on([newestKey, atBottom, attentive], ([key, bottom, looking], previous) => {
      if (key === undefined || !bottom || !looking) {
        if (timer !== undefined) send();
        return;
      }
      const onlyANewMessage =
        previous !== undefined &&
        previous[0] !== undefined &&
        previous[0] !== key &&
        previous[1] === bottom &&
        previous[2] === looking;
      if (onlyANewMessage) sendLater();
      else send();
    }),
  );
  onCleanup(() => {
    if (timer !== undefined) send();
  });
}
