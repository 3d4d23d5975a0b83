import { Show, type JSX } from "solid-js";
import { createRoomRetention } from "../../matrix/createRoomRetention.ts";
import type { MatrixSession } from "../../matrix/session.ts";

/**
 * The chat's scrub policy, "Messages older than N days are scrubbed", from the room's
 * `m.room.retention` state (readable by every member, unlike the admin setting). Nothing when off.
 */
export function RetentionNotice(props: { session: MatrixSession; roomId: string }): JSX.Element {
  // The session is fixed for the signed-in app's life; the room ID is followed.
  // eslint-disable-next-line solid/reactivity
  const days = createRoomRetention(props.session, () => props.roomId);
  return (
    <Show when={days()}>
      {(n) => (
        <p class="truncate text-xs text-slate-600">
          Messages older than {n()} {n() === 1 ? "day" : "days"} are scrubbed
        </p>
      )}
    </Show>
  );
}
