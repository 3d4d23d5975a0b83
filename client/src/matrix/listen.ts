import type { ClientEventHandlerMap, EmittedEvents, MatrixClient } from "matrix-js-sdk";
import { onCleanup } from "solid-js";

/**
 * Listens to an SDK client event for as long as the current reactive owner lives (a chat pane,
 * a timeline): the listener is removed when the owner is disposed, so nothing outlives its view.
 * @param client - the SDK client
 * @param event - e.g. `RoomEvent.Timeline`
 * @param listener - called with the event's arguments
 * @example
 * listen(client, RoomEvent.Timeline, (event, room) => ifThisRoom(room));
 */
export function listen<T extends EmittedEvents>(
  client: MatrixClient,
  event: T,
  listener: ClientEventHandlerMap[T],
): void {
  // The SDK's typed emitter wants its own listener type; the map above is that type.
  client.on(event, listener as never);
  onCleanup(() => client.off(event, listener as never));
}
