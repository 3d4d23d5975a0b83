import { createUniqueId, onCleanup, onMount, type JSX } from "solid-js";
import { Button } from "./Button.tsx";
import { focusRing } from "./focusRing.ts";
import { trapTab } from "./focusTrap.ts";

/** Props of {@link ConfirmDialog}. */
export type ConfirmDialogProps = {
  title: string;
  /** The question, naming exactly what will happen. */
  message: string;
  /** The destructive action's label, e.g. "Delete history". */
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** Where focus goes back to when the dialog closes (default: what had focus when it opened). */
  returnFocus?: () => HTMLElement | undefined;
};

/**
 * Asks before something that cannot be undone: a modal `alertdialog` labelled by its title and
 * described by its question. Mounting it moves focus to Cancel (the safe choice); Tab and
 * Shift+Tab stay inside; Escape or Cancel cancels; unmounting it gives focus back to where it
 * was. Mount it only while asking (`<Show when={asking()}>`).
 */
export function ConfirmDialog(props: ConfirmDialogProps): JSX.Element {
  const titleId = createUniqueId();
  const messageId = createUniqueId();
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  let dialog: HTMLDivElement | undefined;
  let cancel: HTMLButtonElement | undefined;
  onMount(() => cancel?.focus());
  onCleanup(() => {
    const target = props.returnFocus?.() ?? opener;
    if (target?.isConnected === true) target.focus();
  });

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      props.onCancel();
      return;
    }
    trapTab(dialog, event);
  };

  return (
    // Fixed over the whole window in place (no Portal: its runtime would weigh on the first
    // screen's shared chunk for one admin dialog).
    <div class="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4">
      <div
        ref={(el) => (dialog = el)}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={messageId}
        onKeyDown={onKeyDown}
        class="flex w-[min(28rem,calc(100vw-2rem))] flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 text-slate-900 shadow-xl"
      >
        <h2 id={titleId} class="font-semibold">
          {props.title}
        </h2>
        <p id={messageId} class="text-sm text-slate-800">
          {props.message}
        </p>
        <div class="flex justify-end gap-3">
          <Button ref={(el) => (cancel = el)} onClick={() => props.onCancel()}>
            Cancel
          </Button>
          {/* Red for what cannot be undone; its own classes, so the first screen's Button
                stays small (the dialog loads with the admin page). */}
          <button
            type="button"
            class={`inline-flex items-center justify-center rounded-md bg-red-700 px-3.5 py-2 text-sm font-medium text-white transition-colors hover:bg-red-800 ${focusRing}`}
            onClick={() => props.onConfirm()}
          >
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
