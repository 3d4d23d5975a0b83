import { createSignal, type JSX } from "solid-js";
import { focusRing } from "../../ui/focusRing.ts";
import { EmojiPopover } from "./EmojiPopover.tsx";

/** Props of {@link EmojiButton}. */
export type EmojiButtonProps = {
  disabled: boolean;
  /** The chosen emoji; the popover stays open so several can be picked. */
  onPick(emoji: string): void;
  /** Shown when the picker cannot be loaded. */
  onError(message: string): void;
};

/**
 * The composer's smiley button and its emoji popover. Escape or a click outside closes it;
 * Escape returns focus to the button.
 */
export function EmojiButton(props: EmojiButtonProps): JSX.Element {
  const [open, setOpen] = createSignal(false);
  let button: HTMLButtonElement | undefined;
  const close = (returnFocus: boolean): void => {
    setOpen(false);
    if (returnFocus) button?.focus();
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
        onClick={() => (open() ? close(true) : setOpen(true))}
        class={`rounded-md p-2 text-lg leading-none text-slate-700 hover:bg-slate-100 disabled:text-slate-400 ${focusRing}`}
      >
        <span aria-hidden="true">☺</span>
      </button>
      <EmojiPopover
        open={open()}
        opener={() => button}
        onPick={(emoji) => props.onPick(emoji)}
        onClose={close}
        onError={(message) => props.onError(message)}
      />
    </div>
  );
}
