import { For, type JSX } from "solid-js";
import type { MeetingMember } from "../../matrix/createMeetingRoom.ts";

/** The people in a meeting, guests marked (plain data; no Matrix here). */
export function MeetingParticipants(props: { members: readonly MeetingMember[] }): JSX.Element {
  return (
    <section
      aria-labelledby="meeting-participants"
      class="rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="meeting-participants" class="font-semibold text-slate-900">
        In the meeting ({props.members.length})
      </h2>
      <ul class="mt-2 flex flex-col gap-1" aria-label="Participants">
        <For each={props.members}>
          {(member) => (
            <li class="flex items-center gap-2 text-sm text-slate-800">
              <span class="truncate">{member.displayName}</span>
              {member.isGuest && !member.displayName.endsWith("(guest)") && (
                <span class="text-xs text-slate-500">guest</span>
              )}
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
