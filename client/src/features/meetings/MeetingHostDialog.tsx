import type { Meeting } from "@staffroom/appservice/contract";
import { createSignal, For, Show, type JSX } from "solid-js";
import type { StaffroomApi } from "../../api/apiClient.ts";
import { createAction } from "../../lib/createAction.ts";
import { formatFullTime } from "../../lib/timeFormat.ts";
import {
  admitToMeeting,
  createMeetingRoom,
  denyFromMeeting,
  type MeetingMember,
} from "../../matrix/createMeetingRoom.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { Button } from "../../ui/Button.tsx";
import { ConfirmButton } from "../../ui/ConfirmButton.tsx";
import { ModalDialog } from "../../ui/ModalDialog.tsx";
import { Notice } from "../../ui/Notice.tsx";
import { TextField } from "../../ui/TextField.tsx";
import { GroupCallPanel } from "./GroupCallPanel.tsx";
import { MeetingParticipants } from "./MeetingParticipants.tsx";

/** Props of {@link MeetingHostDialog}. */
export type MeetingHostDialogProps = {
  api: StaffroomApi;
  session: MatrixSession;
  meeting: Meeting;
  onEnded: () => void;
  /** Hides the dialog; the meeting (and the host's call in it) goes on. */
  onClose: () => void;
  /** Whether the dialog is shown (it stays mounted while hidden, so the call goes on). */
  open: boolean;
};

/**
 * The host's meeting controls: the lobby (guests knocking, Admit / Deny), invitations by email,
 * who is in, and End meeting (which removes every guest).
 */
export function MeetingHostDialog(props: MeetingHostDialogProps): JSX.Element {
  // One meeting per dialog (keyed by the caller).
  // eslint-disable-next-line solid/reactivity
  const view = createMeetingRoom(props.session, props.meeting.room_id);
  const waiting = () => view().members.filter((m) => m.membership === "knock");
  const joined = () => view().members.filter((m) => m.membership === "join");
  const [email, setEmail] = createSignal("");
  const [sent, setSent] = createSignal<string | null>(null);
  const [endedNote, setEndedNote] = createSignal<string | null>(null);

  const invite = createAction("Sending the invitation", async () => {
    const address = email().trim();
    const answer = await props.api.inviteGuest(props.meeting.meeting_id, address);
    setSent(
      `Invitation sent to ${address}. The link works once, until ${formatFullTime(Date.parse(answer.expires_at))}.`,
    );
    setEmail("");
  });
  const end = createAction("Ending the meeting", async () => {
    const answer = await props.api.endMeeting(props.meeting.meeting_id);
    const guests = answer.guests_deactivated;
    setEndedNote(`The meeting has ended. ${guests} guest${guests === 1 ? "" : "s"} removed.`);
    props.onEnded();
  });

  return (
    <ModalDialog
      titleId="meeting-host-title"
      title={props.meeting.name}
      widthClass="w-[min(36rem,calc(100vw-2rem))]"
      open={props.open}
      onClose={() => props.onClose()}
    >
      <div class="flex max-h-[75dvh] flex-col gap-4 overflow-y-auto p-4">
        <Show when={endedNote()}>{(note) => <Notice tone="info">{note()}</Notice>}</Show>
        <Show when={endedNote() === null}>
          <section aria-labelledby="meeting-lobby" class="flex flex-col gap-2">
            <h3 id="meeting-lobby" class="font-semibold text-slate-900">
              Lobby
            </h3>
            <Show
              when={waiting().length > 0}
              fallback={<p class="text-sm text-slate-600">Nobody is waiting.</p>}
            >
              <ul class="flex flex-col gap-2" aria-label="Waiting guests">
                <For each={waiting()}>
                  {(member) => (
                    <LobbyEntry
                      session={props.session}
                      roomId={props.meeting.room_id}
                      member={member}
                    />
                  )}
                </For>
              </ul>
            </Show>
          </section>
          <form
            class="flex flex-col gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              setSent(null);
              void invite.run();
            }}
          >
            <TextField
              label="Invite a guest by email"
              type="email"
              required
              value={email()}
              onInput={(event) => {
                setEmail(event.currentTarget.value);
                invite.clearError();
              }}
            />
            <Show when={invite.error()}>
              {(message) => <Notice tone="error">{message()}</Notice>}
            </Show>
            <Show when={sent()}>{(message) => <Notice tone="info">{message()}</Notice>}</Show>
            <div>
              <Button type="submit" variant="primary" busy={invite.busy()}>
                Send invitation
              </Button>
            </div>
          </form>
          <GroupCallPanel
            session={props.session}
            roomId={props.meeting.room_id}
            title={props.meeting.name}
            label="Call"
          />
          <MeetingParticipants members={joined()} />
          <Show when={end.error()}>{(message) => <Notice tone="error">{message()}</Notice>}</Show>
          <div>
            <ConfirmButton
              label="End meeting"
              question="End the meeting for everyone and remove its guests?"
              busy={end.busy()}
              onConfirm={() => void end.run()}
            />
          </div>
        </Show>
      </div>
    </ModalDialog>
  );
}

function LobbyEntry(props: { session: MatrixSession; roomId: string; member: MeetingMember }) {
  const admit = createAction("Letting the guest in", () =>
    admitToMeeting(props.session, props.roomId, props.member.userId),
  );
  const deny = createAction("Turning the guest away", () =>
    denyFromMeeting(props.session, props.roomId, props.member.userId),
  );
  return (
    <li class="flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2">
      <div class="min-w-0 text-sm">
        <p class="font-medium text-slate-900">{props.member.displayName} is waiting</p>
        <Show when={props.member.reason}>
          {(reason) => <p class="text-xs text-slate-600">{reason()}</p>}
        </Show>
        <Show when={admit.error() ?? deny.error()}>
          {(message) => (
            <p role="alert" class="text-xs text-red-800">
              {message()}
            </p>
          )}
        </Show>
      </div>
      <div class="flex gap-2">
        <Button
          variant="primary"
          class="px-3 py-1.5"
          busy={admit.busy()}
          aria-label={`Admit ${props.member.displayName}`}
          onClick={() => void admit.run()}
        >
          Admit
        </Button>
        <Button
          variant="secondary"
          class="px-3 py-1.5"
          busy={deny.busy()}
          aria-label={`Deny ${props.member.displayName}`}
          onClick={() => void deny.run()}
        >
          Deny
        </Button>
      </div>
    </li>
  );
}
