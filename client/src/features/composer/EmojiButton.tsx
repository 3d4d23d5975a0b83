import { createSignal, onCleanup, Show, type JSX } from "solid-js";
import { runAction } from "../../lib/runAction.ts";
import { focusRing } from "../../ui/focusRing.ts";
import { loadEmojiPicker } from "./loadEmojiPicker.ts";

/** Props of {@link EmojiButton}. */
export type EmojiButtonProps = {
  disabled: boolean;
  /** The chosen emoji; the popover stays open so several can be picked. */
  onPick(emoji: string): void;
  /** Shown when the picker cannot be loaded. */
  onError(message: string): void;
};

/**
 * The smiley button and its popover with emoji-picker-element. Escape or a click outside
 * closes it and returns focus to the button.
 */
export function EmojiButton(props: EmojiButtonProps): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [loading, setLoading] = createSignal(false);
  let button: HTMLButtonElement | undefined;
  let popover: HTMLDivElement | undefined;
  let picker: HTMLElement | undefined;

  const close = (returnFocus: boolean): void => {
    setOpen(false);
    if (returnFocus) button?.focus();
  };

  const onDocumentPointer = (event: PointerEvent): void => {
    const target = event.target as Node;
    if (open() && !popover?.contains(target) && !button?.contains(target)) close(false);
  };
  // On the document, in the capture phase: the picker handles keys inside its shadow root and
  // does not let Escape bubble to the popover.
  const onDocumentKey = (event: KeyboardEvent): void => {
    if (open() && event.key === "Escape") {
      event.stopPropagation();
      close(true);
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

  const toggle = async (): Promise<void> => {
    if (open()) return close(true);
    setOpen(true);
    if (!picker) {
      setLoading(true);
      // `pick` runs from the picker element's own click event, which is an event handler.
      // eslint-disable-next-line solid/reactivity
      const outcome = await runAction("Opening the emoji picker", () => loadEmojiPicker(pick));
      setLoading(false);
      if (!outcome.ok) {
        setOpen(false);
        props.onError(outcome.message);
        return;
      }
      picker = outcome.value;
    }
    popover?.replaceChildren(picker);
    // The picker's search field is inside its shadow root; focusing the host moves focus there.
    queueMicrotask(() => picker?.shadowRoot?.querySelector<HTMLElement>("input")?.focus());
  };

  return (
    <div class="relative">
      <button
        ref={(el) => (button = el)}
        type="button"
        aria-label="Insert emoji"
        aria-expanded={open()}
        aria-haspopup="dialog"
        disabled={props.disabled}
        onClick={() => void toggle()}
        class={`rounded-md p-2 text-lg leading-none text-slate-700 hover:bg-slate-100 disabled:text-slate-400 ${focusRing}`}
      >
        <span aria-hidden="true">☺</span>
      </button>
      <Show when={open()}>
        <div
          ref={(el) => (popover = el)}
          role="dialog"
          aria-label="Emoji picker"
          class="absolute bottom-full left-0 z-20 mb-2 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white shadow-lg"
        >
          <Show when={loading()}>
            <p class="p-4 text-sm text-slate-600" role="status">
              Loading emoji…
            </p>
          </Show>
        </div>
      </Show>
    </div>
  );
}
