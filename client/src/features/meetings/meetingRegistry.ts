import type { Meeting } from "@staffroom/appservice/contract";
import { createSignal } from "solid-js";

// The meetings this tab knows, by the chat they were started from, so the chat's Meeting button
// shows the running meeting instead of starting another. Kept for the page's life; after a
// reload the button asks the appservice for the host's running meetings (GET /api/meetings).
const [meetings, setMeetings] = createSignal<ReadonlyMap<string, Meeting>>(new Map());

/** The running meeting started from `fromRoomId` in this tab, if any. */
export function meetingStartedFrom(fromRoomId: string): Meeting | undefined {
  return meetings().get(fromRoomId);
}

/** Remembers a meeting started from `fromRoomId`. */
export function rememberMeeting(fromRoomId: string, meeting: Meeting): void {
  setMeetings((previous) => new Map(previous).set(fromRoomId, meeting));
}

/** Forgets it (ended). */
export function forgetMeeting(fromRoomId: string): void {
  setMeetings((previous) => {
    const next = new Map(previous);
    next.delete(fromRoomId);
    return next;
  });
}
