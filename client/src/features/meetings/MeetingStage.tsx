import type { JSX } from "solid-js";
import { createMeetingRoom } from "../../matrix/createMeetingRoom.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { GroupCallPanel } from "./GroupCallPanel.tsx";
import { MeetingParticipants } from "./MeetingParticipants.tsx";

/** Props of {@link MeetingStage}. */
export type MeetingStageProps = { session: MatrixSession; roomId: string; title: string };

/**
 * What an admitted guest sees of a meeting: the call (MatrixRTC + LiveKit: join, voices, the
 * shared screen) and the room's live membership.
 */
export function MeetingStage(props: MeetingStageProps): JSX.Element {
  // One room per stage (callers key it by room).
  // eslint-disable-next-line solid/reactivity
  const view = createMeetingRoom(props.session, props.roomId);
  return (
    <div class="flex flex-col gap-4">
      <GroupCallPanel
        session={props.session}
        roomId={props.roomId}
        title={props.title}
        label="Call"
      />
      <MeetingParticipants members={view().members.filter((m) => m.membership === "join")} />
    </div>
  );
}
