import type { Meeting } from "@staffroom/appservice/contract";
import { createSignal, Show, type JSX } from "solid-js";
import type { StaffroomApi } from "../../api/apiClient.ts";
import { createAction } from "../../lib/createAction.ts";
import { createMeetingRoom } from "../../matrix/createMeetingRoom.ts";
import { waitForJoinedRoom } from "../../matrix/createRoomList.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { Button } from "../../ui/Button.tsx";
import { MeetingHostDialog } from "./MeetingHostDialog.tsx";
import { forgetMeeting, meetingStartedFrom, rememberMeeting } from "./meetingRegistry.ts";

/** The button's text, with how many guests wait in the lobby: the host sees them without the dialog. */
function MeetingLabel(props: { session: MatrixSession; roomId: string }): JSX.Element {
  // Keyed by room in the caller.
  // eslint-disable-next-line solid/reactivity
  const view = createMeetingRoom(props.session, props.roomId);
  const waiting = () => view().members.filter((m) => m.membership === "knock").length;
  return (
    <>{waiting() > 0 ? `Meeting with guests (${waiting()} waiting)` : "Meeting with guests"}</>
  );
}

/** Props of {@link StartMeetingButton}. */
export type StartMeetingButtonProps = {
  api: StaffroomApi;
  session: MatrixSession;
  /** The chat the meeting is started from (department, All Staff or a direct chat). */
  roomId: string;
};

/**
 * **Meeting with guests** in a chat's header: starts a meeting in its own room (guests never see
 * the chat itself), or reopens the one this tab started from the chat. The dialog holds the
 * lobby, the email invitations, the meeting's call and its end; closing it only hides it.
 */
export function StartMeetingButton(props: StartMeetingButtonProps): JSX.Element {
  // The meeting whose dialog is mounted: kept after it ended, so the dialog can say so until it
  // is closed. Closing a running meeting's dialog only hides it: the host's call goes on.
  const [shown, setShown] = createSignal<Meeting | null>(null);
  const [open, setOpen] = createSignal(false);
  let button: HTMLButtonElement | undefined;
  const meeting = () => meetingStartedFrom(props.roomId);
  const start = createAction("Starting the meeting", async () => {
    // After a reload this tab knows nothing: the host's running meeting from this chat, if any.
    let current =
      meeting() ??
      (await props.api.runningMeetings()).meetings.find((m) => m.from_room_id === props.roomId);
    if (current !== undefined) rememberMeeting(props.roomId, current);
    else {
      current = await props.api.createMeeting(props.roomId);
      await waitForJoinedRoom(props.session, current.room_id);
      rememberMeeting(props.roomId, current);
    }
    if (shown()?.meeting_id !== current.meeting_id) setShown(current);
    setOpen(true);
  });
  const close = (): void => {
    setOpen(false);
    if (meeting() === undefined) setShown(null);
    button?.focus();
  };
  return (
    <div class="flex shrink-0 flex-col items-end gap-1">
      <Button
        ref={(el) => (button = el)}
        variant="secondary"
        class="px-3 py-1.5"
        aria-haspopup="dialog"
        busy={start.busy()}
        onClick={() => void start.run()}
      >
        <Show when={meeting()} keyed fallback="Meeting with guests">
          {(current) => <MeetingLabel session={props.session} roomId={current.room_id} />}
        </Show>
      </Button>
      <Show when={start.error()}>
        {(message) => (
          <p role="alert" class="text-xs text-red-800">
            {message()}
          </p>
        )}
      </Show>
      <Show when={shown()} keyed>
        {(current) => (
          <MeetingHostDialog
            api={props.api}
            session={props.session}
            meeting={current}
            onEnded={() => forgetMeeting(props.roomId)}
            onClose={close}
            open={open()}
          />
        )}
      </Show>
    </div>
  );
}
