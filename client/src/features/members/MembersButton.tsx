import { createMemo, createSignal, Show, type JSX } from "solid-js";
import type { StaffroomApi } from "../../api/apiClient.ts";
import { createPresence } from "../../matrix/createPresence.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { Button } from "../../ui/Button.tsx";
import { createDepartmentMembers } from "./createDepartmentMembers.ts";
import { MembersDialog } from "./MembersDialog.tsx";
import { toMemberViews, type MemberPresence } from "./memberViews.ts";

/** Props of {@link MembersButton}. */
export type MembersButtonProps = {
  api: StaffroomApi;
  departmentId: string;
  departmentName: string;
  /** When given, presence updates from Matrix show at once instead of at the next refresh. */
  session?: MatrixSession;
};

/**
 * The Members button of a department chat and its dialog: the department's members from
 * `GET /api/departments/{id}/members` (reloaded on open and every 15 s while open), online
 * status, and admins marked. Focus returns to the button when the dialog closes.
 */
export function MembersButton(props: MembersButtonProps): JSX.Element {
  const [open, setOpen] = createSignal(false);
  let button: HTMLButtonElement | undefined;
  const members = createDepartmentMembers(
    () => props.api.departmentMembers(props.departmentId),
    open,
  );
  const ids = createMemo(() => members.data()?.members.map((m) => m.user_id) ?? []);
  // The session is fixed for the chat pane's life; presence follows the listed members.
  // eslint-disable-next-line solid/reactivity
  const session = props.session;
  const live: () => ReadonlyMap<string, MemberPresence> = session
    ? createPresence(session, ids)
    : () => new Map();
  const views = () => {
    const data = members.data();
    return data ? toMemberViews(data, live()) : undefined;
  };

  const close = (): void => {
    setOpen(false);
    button?.focus();
  };

  return (
    <>
      <Button
        ref={(el) => (button = el)}
        variant="secondary"
        class="px-3 py-1.5"
        aria-haspopup="dialog"
        aria-expanded={open()}
        onClick={() => setOpen(true)}
      >
        Members
      </Button>
      <Show when={open()}>
        <MembersDialog
          departmentName={props.departmentName}
          members={views()}
          loading={members.loading()}
          error={members.error()}
          onRetry={() => void members.refresh()}
          onClose={close}
        />
      </Show>
    </>
  );
}
