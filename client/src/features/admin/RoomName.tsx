import { Show, type JSX } from "solid-js";
import { roomLabel } from "./scrubText.ts";

/**
 * A room's name on the scrub page, its ID in the tooltip; a room the server could not name
 * reads "Unnamed room" with its ID on a second line, never a blank.
 */
export function RoomName(props: { name: string | null | undefined; roomId: string }): JSX.Element {
  const label = () => roomLabel(props.name);
  return (
    <span class="flex flex-col" title={props.roomId} data-room-id={props.roomId}>
      <span class={label().unnamed ? "italic text-slate-700" : undefined}>{label().name}</span>
      <Show when={label().unnamed}>
        <span class="font-mono text-xs break-all text-slate-600">{props.roomId}</span>
      </Show>
    </span>
  );
}
