import type { Meeting } from "@staffroom/appservice/contract";
import { createSignal, Show, type JSX } from "solid-js";
import type { StaffroomApi } from "../../api/apiClient.ts";
import { createAction } from "../../lib/createAction.ts";
import { waitForJoinedRoom } from "../../matrix/createRoomList.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { Button } from "../../ui/Button.tsx";
import { MeetingHostDialog } from "./MeetingHostDialog.tsx";
import { forgetMeeting, meetingStartedFrom, rememberMeeting } from "./meetingRegistry.ts";

/** Props of {@link StartMeetingButton}. */
export type StartMeetingButtonProps = {
  api: StaffroomApi;
  session: MatrixSession;
  /** The chat the meeting is started from (department, All Staff or a direct chat). */
  roomId: string;
};

/**
 * **Meeting** in a chat's header: starts a meeting in its own room (guests never see the chat
 * itself), or reopens the one this tab started from the chat. The dialog holds the lobby, the
 * email invitations and the end of the meeting.
 */
export function StartMeetingButton(props: StartMeetingButtonProps): JSX.Element {
  // The meeting on show: kept after it ended, so the dialog can say so until it is closed.
  const [shown, setShown] = createSignal<Meeting | null>(null);
  let button: HTMLButtonElement | undefined;
  const meeting = () => meetingStartedFrom(props.roomId);
  const start = createAction("Starting the meeting", async () => {
    let current = meeting();
    if (current === undefined) {
      current = await props.api.createMeeting(props.roomId);
      await waitForJoinedRoom(props.session, current.room_id);
      rememberMeeting(props.roomId, current);
    }
    setShown(current);
  });
  const close = (): void => {
    setShown(null);
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
        {meeting() === undefined ? "Start meeting" : "Meeting"}
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
          />
        )}
      </Show>
    </div>
  );
}
