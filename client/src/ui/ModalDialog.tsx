import { createEffect, type JSX } from "solid-js";
import { Button } from "./Button.tsx";
import { trapTab } from "./focusTrap.ts";

/** Props of {@link ModalDialog}. */
export type ModalDialogProps = {
  /** id of the heading, referenced by `aria-labelledby`. */
  titleId: string;
  title: JSX.Element;
  /** Tailwind width class, e.g. `w-[min(28rem,calc(100vw-2rem))]`. */
  widthClass: string;
  onClose: () => void;
  /** Runs each time the dialog opens, e.g. to focus its first field. */
  onOpen?: () => void;
  /**
   * Whether it is shown (default true). A closed dialog keeps its contents mounted: a call
   * inside it goes on while the person works in the chat behind.
   */
  open?: boolean;
  children: JSX.Element;
};

/**
 * A modal dialog with a title bar and a Close button. A native `<dialog>` opened with
 * `showModal()` makes the page behind inert; Tab and Shift+Tab also wrap inside it so focus
 * never leaves for the browser's own toolbar, and Escape closes it (the dialog's `cancel`).
 */
export function ModalDialog(props: ModalDialogProps): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  createEffect(() => {
    const open = props.open ?? true;
    if (dialog === undefined || open === dialog.open) return;
    if (open) {
      dialog.showModal();
      props.onOpen?.();
    } else dialog.close();
  });

  return (
    <dialog
      ref={(el) => (dialog = el)}
      aria-labelledby={props.titleId}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
      onKeyDown={(event) => trapTab(dialog, event)}
      class={`m-auto ${props.widthClass} rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40`}
    >
      <div class="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 id={props.titleId} class="font-semibold">
          {props.title}
        </h2>
        <Button variant="ghost" class="px-2 py-1" onClick={() => props.onClose()}>
          Close
        </Button>
      </div>
      {props.children}
    </dialog>
  );
}
