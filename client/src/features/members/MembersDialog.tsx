import { For, Match, Show, Switch, type JSX } from "solid-js";
import { Badge } from "../../ui/Badge.tsx";
import { Button } from "../../ui/Button.tsx";
import { ModalDialog } from "../../ui/ModalDialog.tsx";
import type { MemberPresence, MemberView } from "./memberViews.ts";
import { presenceLabel } from "./memberViews.ts";

/** Props of {@link MembersDialog}. */
export type MembersDialogProps = {
  departmentName: string;
  members: MemberView[] | undefined;
  loading: boolean;
  error: string | null;
  onRetry(): void;
  onClose(): void;
};

const dotClass: Record<MemberPresence, string> = {
  online: "bg-emerald-600",
  unavailable: "bg-amber-500",
  offline: "bg-slate-400",
  unknown: "border border-slate-400 bg-white",
};

/**
 * The modal list of a department's members. A native `<dialog>` opened with `showModal()` makes
 * the page behind inert; Tab and Shift+Tab also wrap inside it so focus never leaves for the
 * browser's own toolbar, and Escape closes it (the dialog's `cancel`).
 */
export function MembersDialog(props: MembersDialogProps): JSX.Element {
  return (
    <ModalDialog
      titleId="members-dialog-title"
      title={`Members of ${props.departmentName}`}
      widthClass="w-[min(28rem,calc(100vw-2rem))]"
      onClose={() => props.onClose()}
    >
      <div class="max-h-[60vh] overflow-y-auto px-4 py-3">
        <Show when={props.error}>
          {(message) => (
            <div role="alert" class="mb-3 flex flex-wrap items-center gap-2 text-sm text-red-800">
              <span>{message()}</span>
              <Button variant="secondary" class="px-2 py-1" onClick={() => props.onRetry()}>
                Try again
              </Button>
            </div>
          )}
        </Show>
        <Switch>
          <Match when={props.loading && !props.members}>
            <p role="status" class="text-sm text-slate-600">
              Loading members…
            </p>
          </Match>
          <Match when={props.members?.length === 0}>
            <p class="text-sm text-slate-600">This department has no members yet.</p>
          </Match>
          <Match when={props.members}>
            {(members) => (
              <ul aria-label="Members" class="flex flex-col gap-1">
                <For each={members()}>
                  {(m) => (
                    <li
                      class="flex items-center gap-3 rounded-md px-2 py-1.5"
                      data-user-id={m.userId}
                    >
                      <span
                        aria-hidden="true"
                        class={`h-2.5 w-2.5 shrink-0 rounded-full ${dotClass[m.presence]}`}
                      />
                      <span class="min-w-0 flex-1">
                        <span class="block truncate text-sm font-medium">{m.displayName}</span>
                        <span class="block truncate text-xs text-slate-600">
                          {presenceLabel[m.presence]}
                          <Show when={m.statusMsg}>{(s) => ` — ${s()}`}</Show>
                        </span>
                      </span>
                      <Show when={m.isAdmin}>
                        <Badge>Admin</Badge>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            )}
          </Match>
        </Switch>
      </div>
    </ModalDialog>
  );
}
