import { createEffect, createSignal, on, onCleanup, Show, type JSX } from "solid-js";
import { runAction } from "../../lib/runAction.ts";
import { placeNear } from "../../ui/floating.ts";
import { loadEmojiPicker } from "./loadEmojiPicker.ts";

/** Props of {@link EmojiPopover}. */
export type EmojiPopoverProps = {
  open: boolean;
  /** The chosen emoji. */
  onPick(emoji: string): void;
  /** Escape (`returnFocus` true) or a click outside the popover and `opener` (false). */
  onClose(returnFocus: boolean): void;
  /** Shown when the picker cannot be loaded; the popover closes. */
  onError(message: string): void;
  /** The button that opens it: a click on it is not "outside". */
  opener: () => HTMLElement | undefined;
  /**
   * Floats over the page next to `opener` (`position: fixed`), clear of a scrolling parent that
   * would clip it; otherwise it sits above its `relative` parent, left-aligned.
   */
  floating?: boolean;
};

/**
 * A popover with emoji-picker-element, loaded on first opening (it and its data stay out of the
 * first screen's bundle). Escape or a click outside closes it. Its parent owns the open state, so
 * a toolbar button and a menu item can open the same one.
 */
export function EmojiPopover(props: EmojiPopoverProps): JSX.Element {
  const [loading, setLoading] = createSignal(false);
  let popover: HTMLDivElement | undefined;
  let picker: HTMLElement | undefined;

  const onDocumentPointer = (event: PointerEvent): void => {
    const target = event.target as Node;
    if (props.open && !popover?.contains(target) && !props.opener()?.contains(target))
      props.onClose(false);
  };
  // On the document, in the capture phase: the picker handles keys inside its shadow root and
  // does not let Escape bubble to the popover.
  const onDocumentKey = (event: KeyboardEvent): void => {
    if (props.open && event.key === "Escape") {
      event.stopPropagation();
      props.onClose(true);
    }
  };
  document.addEventListener("pointerdown", onDocumentPointer);
  document.addEventListener("keydown", onDocumentKey, true);
  onCleanup(() => {
    document.removeEventListener("pointerdown", onDocumentPointer);
    document.removeEventListener("keydown", onDocumentKey, true);
  });

  // Called from the picker element's own event, outside any tracked scope.
  const pick = (emoji: string): void => props.onPick(emoji);

  const place = (): void => {
    const anchor = props.opener();
    if (!props.floating || !popover || !anchor) return;
    const size = popover.getBoundingClientRect();
    const at = placeNear(anchor.getBoundingClientRect(), size, {
      width: window.innerWidth,
      height: window.innerHeight,
    });
    popover.style.top = `${at.top}px`;
    popover.style.left = `${at.left}px`;
  };
  const show = async (): Promise<void> => {
    place();
    if (!picker) {
      setLoading(true);
      // `pick` runs from the picker element's own click event, which is an event handler.
      // eslint-disable-next-line solid/reactivity
      const outcome = await runAction("Opening the emoji picker", () => loadEmojiPicker(pick));
      setLoading(false);
      if (!outcome.ok) {
        props.onError(outcome.message);
        props.onClose(false);
        return;
      }
      picker = outcome.value;
    }
    if (!props.open) return;
    popover?.replaceChildren(picker);
    // Measured once the picker has laid out its shadow root.
    requestAnimationFrame(place);
    // The picker's search field is inside its shadow root; focusing the host moves focus there.
    queueMicrotask(() => picker?.shadowRoot?.querySelector<HTMLElement>("input")?.focus());
  };
  createEffect(
    on(
      () => props.open,
      (open) => open && void show(),
    ),
  );

  return (
    <Show when={props.open}>
      <div
        ref={(el) => (popover = el)}
        role="dialog"
        aria-label="Emoji picker"
        class="z-30 max-w-[calc(100vw-1rem)] rounded-lg border border-slate-200 bg-white shadow-lg"
        classList={{ fixed: props.floating, "absolute bottom-full left-0 mb-2": !props.floating }}
      >
        <Show when={loading()}>
          <p class="p-4 text-sm text-slate-600" role="status">
            Loading emoji…
          </p>
        </Show>
      </div>
    </Show>
  );
}
