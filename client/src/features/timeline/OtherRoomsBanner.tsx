import { For, Show, type JSX } from "solid-js";
import { Button } from "../../ui/Button.tsx";

/** Props of {@link OtherRoomsBanner}. */
export type OtherRoomsBannerProps = {
  /** Whom the chat is with ("Bob"). */
  title: string;
  /** The pair's other rooms (DMs made in another client). */
  otherRoomIds: readonly string[];
  /** Opens one of them in the pane. */
  onOpen: (roomId: string) => void;
};

/**
 * One conversation per pair: when two colleagues also talked in a DM made in another client,
 * the direct chat says so and opens that room, so nothing said in either is out of reach.
 */
export function OtherRoomsBanner(props: OtherRoomsBannerProps): JSX.Element {
  return (
    <Show when={props.otherRoomIds.length > 0}>
      <div
        role="note"
        class="flex flex-wrap items-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
      >
        <span>
          Earlier messages with {props.title} in another room
          {props.otherRoomIds.length > 1 ? ` (${props.otherRoomIds.length})` : ""}
        </span>
        <For each={props.otherRoomIds}>
          {(roomId, index) => (
            <Button variant="secondary" onClick={() => props.onOpen(roomId)}>
              {props.otherRoomIds.length > 1 ? `Open room ${index() + 1}` : "Open that room"}
            </Button>
          )}
        </For>
      </div>
    </Show>
  );
}
