import type { JSX } from "solid-js";
import { createMeetingRoom } from "../../matrix/createMeetingRoom.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { MeetingParticipants } from "./MeetingParticipants.tsx";

/** Props of {@link MeetingStage}. */
export type MeetingStageProps = { session: MatrixSession; roomId: string };

/**
 * What a participant of a meeting sees of it, for hosts and admitted guests alike. For now the
 * room's live membership; the group call view (MatrixRTC + LiveKit: voices and the shared
 * screen) belongs here, beside or instead of the list, once it exists.
 */
export function MeetingStage(props: MeetingStageProps): JSX.Element {
  // One room per stage (callers key it by room).
  // eslint-disable-next-line solid/reactivity
  const view = createMeetingRoom(props.session, props.roomId);
  return <MeetingParticipants members={view().members.filter((m) => m.membership === "join")} />;
}
