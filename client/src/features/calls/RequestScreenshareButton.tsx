import { Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import { createCallPeer } from "../../matrix/createCallPeer.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { Button } from "../../ui/Button.tsx";
import { useScreenshare } from "./createScreenshare.ts";

/** Props of {@link RequestScreenshareButton}. */
export type RequestScreenshareButtonProps = { session: MatrixSession; roomId: string };

/**
 * **Request Screenshare** in a direct chat's header: asks the colleague to share their screen
 * (with a voice call). Shown only in rooms with exactly two people and in browsers that can
 * make calls.
 */
export function RequestScreenshareButton(props: RequestScreenshareButtonProps): JSX.Element {
  const screenshare = useScreenshare();
  // One room per chat pane (keyed), so reading roomId once is right.
  // eslint-disable-next-line solid/reactivity
  const peer = createCallPeer(props.session, props.roomId);
  const request = createAction("Requesting a screen share", async () => {
    const other = peer();
    if (other && screenshare) await screenshare.request(props.roomId, other);
  });
  return (
    <Show when={screenshare?.calls.supported === true && peer()}>
      {(other) => (
        <div class="flex shrink-0 flex-col items-end gap-1">
          <Button
            busy={request.busy()}
            disabled={screenshare?.calls.current() != null}
            title={`Ask ${other().name} to share their screen with you, with a voice call`}
            onClick={() => void request.run()}
          >
            Request Screenshare
          </Button>
          <Show when={request.error()}>
            {(message) => (
              <p role="alert" class="text-xs text-red-800">
                {message()}
              </p>
            )}
          </Show>
        </div>
      )}
    </Show>
  );
}
