import { createSignal, onCleanup, type Accessor } from "solid-js";

/** Within this many pixels of the end counts as "at the newest message". */
const BOTTOM_SLACK = 48;

/** Scroll behaviour of the message list, see {@link createScrollFollow}. */
export interface ScrollFollow {
  /** The newest message is in view. */
  atBottom: Accessor<boolean>;
  /** Attach to the scrolling element (`ref`). */
  attach(element: HTMLElement): void;
  /** Jumps to the newest message. */
  scrollToBottom(): void;
  /**
   * Runs `prepend` (which adds content above the view) and then restores the scroll offset so
   * the messages on screen stay exactly where they were.
   */
  keepPositionWhile(prepend: () => Promise<void>): Promise<void>;
  /** Call after new messages were appended: follows them only if the reader was at the end. */
  followIfAtBottom(): void;
  /** The messages are taller than the pane (false before it is attached or laid out). */
  overflows(): boolean;
  /** The pane is attached and laid out (has a height). */
  attached(): boolean;
}

/**
 * Chat scrolling: stay pinned to the newest message while the reader is there (also when
 * images load and grow the list), never yank them down while they read history, and keep the
 * view still when older history is inserted above it.
 * @param follows - whether growing content keeps a reader at the end pinned there (default: always)
 */
export function createScrollFollow(follows: () => boolean = () => true): ScrollFollow {
  let element: HTMLElement | undefined;
  const [atBottom, setAtBottom] = createSignal(true);
  let restoring = false;

  const measure = (): void => {
    if (!element || restoring) return;
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
    setAtBottom(distance <= BOTTOM_SLACK);
  };
  const scrollToBottom = (): void => {
    if (element) element.scrollTop = element.scrollHeight;
    setAtBottom(true);
  };

  // Content growing under a pinned reader (an image loading, a long message) keeps them pinned.
  // (jsdom has no ResizeObserver; unit tests do without.)
  const resize =
    typeof ResizeObserver === "undefined"
      ? undefined
      : new ResizeObserver(() => {
          if (atBottom() && !restoring && follows()) scrollToBottom();
        });
  onCleanup(() => resize?.disconnect());

  return {
    atBottom,
    attach(el) {
      element = el;
      el.addEventListener("scroll", measure, { passive: true });
      onCleanup(() => el.removeEventListener("scroll", measure));
      const content = el.firstElementChild;
      if (content) resize?.observe(content);
    },
    scrollToBottom,
    async keepPositionWhile(prepend) {
      const el = element;
      if (!el) return prepend();
      const fromBottom = el.scrollHeight - el.scrollTop;
      restoring = true;
      try {
        await prepend();
      } finally {
        el.scrollTop = el.scrollHeight - fromBottom;
        // Let the resize observer see the new height before it may pin again.
        requestAnimationFrame(() => {
          restoring = false;
          measure();
        });
      }
    },
    followIfAtBottom() {
      if (atBottom()) scrollToBottom();
    },
    attached() {
      return element !== undefined && element.clientHeight > 0;
    },
    overflows() {
      return element !== undefined && element.scrollHeight > element.clientHeight + BOTTOM_SLACK;
    },
  };
}
