import { For, Match, onMount, Show, Switch, type JSX } from "solid-js";
import { Badge } from "../../ui/Badge.tsx";
import { Button } from "../../ui/Button.tsx";
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

const focusableSelector =
  'button:not([disabled]), [href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The modal list of a department's members. A native `<dialog>` opened with `showModal()` makes
 * the page behind inert; Tab and Shift+Tab also wrap inside it so focus never leaves for the
 * browser's own toolbar, and Escape closes it (the dialog's `cancel`).
 */
export function MembersDialog(props: MembersDialogProps): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  onMount(() => dialog?.showModal());

  const trapTab = (event: KeyboardEvent): void => {
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
    <dialog
      ref={(el) => (dialog = el)}
      aria-labelledby="members-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
      onKeyDown={trapTab}
      class="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      <div class="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 id="members-dialog-title" class="font-semibold">
          Members of {props.departmentName}
        </h2>
        <Button variant="ghost" class="px-2 py-1" onClick={() => props.onClose()}>
          Close
        </Button>
      </div>
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
    </dialog>
  );
}
