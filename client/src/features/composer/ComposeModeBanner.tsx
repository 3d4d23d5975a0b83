import { Match, Switch, type JSX } from "solid-js";
import { previewOf } from "../../matrix/messageRelations.ts";
import { Button } from "../../ui/Button.tsx";
import type { ComposeMode } from "../room/roomView.ts";

/**
 * Above the field while replying or editing: what the next send does, and a Cancel button
 * (Escape in the field does the same).
 */
export function ComposeModeBanner(props: { mode: ComposeMode; onCancel(): void }): JSX.Element {
  const line = (label: string, detail: string, cancelLabel: string): JSX.Element => (
    <div
      role="status"
      class="flex items-center gap-2 rounded-md border-l-4 border-teal-600 bg-slate-50 px-3 py-1.5 text-sm text-slate-800"
    >
      <p class="min-w-0 flex-1 truncate">
        <span class="font-semibold">{label}</span> <span class="text-slate-600">{detail}</span>
      </p>
      <span class="hidden text-xs text-slate-600 sm:inline">Esc to cancel</span>
      <Button
        variant="ghost"
        class="px-2 py-0.5"
        aria-label={cancelLabel}
        onClick={() => props.onCancel()}
      >
        Cancel
      </Button>
    </div>
  );
  return (
    <Switch>
      <Match when={props.mode.kind === "reply" && props.mode.target} keyed>
        {(target) => line(`Replying to ${target.senderName}`, previewOf(target), "Cancel reply")}
      </Match>
      <Match when={props.mode.kind === "edit" && props.mode.target} keyed>
        {(target) => line("Editing your message", previewOf(target), "Cancel editing")}
      </Match>
    </Switch>
  );
}
