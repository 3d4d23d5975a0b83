import { createSignal, Show, type JSX } from "solid-js";
import { Button } from "./Button.tsx";

/** Props of {@link ConfirmButton}. */
export type ConfirmButtonProps = {
  /** The button's label, e.g. "Delete". */
  label: string;
  /** Accessible name when the label alone is ambiguous, e.g. "Delete How do I renew?". */
  ariaLabel?: string;
  /** The question asked before acting, e.g. "Delete this entry?". */
  question: string;
  busy?: boolean;
  onConfirm: () => void;
};

/**
 * A destructive action that asks first, in place: the button turns into the question with
 * the action repeated and Cancel (focus moves to Cancel, the safe choice).
 */
export function ConfirmButton(props: ConfirmButtonProps): JSX.Element {
  const [asking, setAsking] = createSignal(false);
  return (
    <Show
      when={asking() || props.busy === true}
      fallback={
        <Button
          variant="ghost"
          class="px-2 py-1 text-red-700"
          aria-label={props.ariaLabel}
          onClick={() => setAsking(true)}
        >
          {props.label}
        </Button>
      }
    >
      <span role="group" aria-label={props.question} class="inline-flex items-center gap-2">
        <span class="text-sm text-slate-800">{props.question}</span>
        <Button
          variant="primary"
          class="bg-red-700 px-2 py-1 hover:bg-red-800"
          busy={props.busy}
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
        >
          {props.label}
        </Button>
        <Button
          ref={(el) => queueMicrotask(() => el.focus())}
          class="px-2 py-1"
          onClick={() => setAsking(false)}
        >
          Cancel
        </Button>
      </span>
    </Show>
  );
}
