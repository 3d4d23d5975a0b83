import { Show, type JSX } from "solid-js";

/**
 * The chat's scrub policy, "Messages older than N days are scrubbed", from the room's
 * `m.room.retention` state (readable by every member, unlike the admin setting). Nothing when off.
 */
export function RetentionNotice(props: { days: number | null }): JSX.Element {
  return (
    <Show when={props.days}>
      {(n) => (
        <p class="truncate text-xs text-slate-600">
          Messages older than {n()} {n() === 1 ? "day" : "days"} are scrubbed
        </p>
      )}
    </Show>
  );
}
