import { createUniqueId, onCleanup, onMount, type JSX } from "solid-js";
import { Portal } from "solid-js/web";
import { Button } from "./Button.tsx";

const focusableSelector =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

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
    if (event.key !== "Tab") return;
    const items = Array.from(dialog?.querySelectorAll<HTMLElement>(focusableSelector) ?? []);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <Portal>
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
            <Button variant="danger" onClick={() => props.onConfirm()}>
              {props.confirmLabel}
            </Button>
          </div>
        </div>
      </div>
    </Portal>
  );
}
