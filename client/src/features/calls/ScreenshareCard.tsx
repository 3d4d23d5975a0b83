import {
  createEffect,
  createMemo,
  createSignal,
  Match,
  onCleanup,
  Show,
  Switch,
  type JSX,
} from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import type { ScreenshareCardData } from "../../matrix/callTimeline.ts";
import { Button } from "../../ui/Button.tsx";
import { useScreenshare } from "./createScreenshare.ts";
import {
  deadlineOf,
  foldRequest,
  startRequest,
  transition,
  type RequestState,
} from "./requestMachine.ts";

/** Props of {@link ScreenshareCard}. */
export type ScreenshareCardProps = {
  /** The signed-in person (asked, or asking). */
  me: string;
  roomId: string;
  card: ScreenshareCardData;
};

/** "1 minute", "30 seconds". */
function waitText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 60 === 0) return seconds === 60 ? "1 minute" : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/**
 * A screen-sharing request in the timeline: who asked whom, where it stands (waiting, accepted,
 * declined, cancelled, missed; connecting/connected while its call runs), and the buttons the
 * viewer may use — Accept/Decline for the person asked, Cancel for the one who asked.
 */
export function ScreenshareCard(props: ScreenshareCardProps): JSX.Element {
  const screenshare = useScreenshare();
  // The person and the request are fixed for a card's life (items are keyed by event).
  // eslint-disable-next-line solid/reactivity
  const me = props.me;
  const [now, setNow] = createSignal(Date.now());

  const state = createMemo((): RequestState => {
    const card = props.card;
    const initial = startRequest({
      requestId: card.requestId,
      requester: card.requester,
      addressee: card.to,
      share: card.share,
      requestedAt: card.requestedAt,
      timeoutMs: card.timeoutMs,
    });
    let folded = foldRequest(initial, card.followUps, now());
    // While the call of an accepted request runs here, the card follows it.
    const call = screenshare?.calls.current();
    if (call && call.roomId === props.roomId && folded.phase === "accepted") {
      folded = transition(folded, { type: "call_connecting", at: now() });
      if (call.phase === "connected")
        folded = transition(folded, { type: "call_connected", at: call.connectedAt ?? now() });
    }
    return folded;
  });
  // An open request turns into "missed" at its deadline: look again then.
  createEffect(() => {
    if (state().phase !== "requested") return;
    const timer = setTimeout(
      () => setNow(Date.now()),
      Math.max(0, deadlineOf(state()) - now()) + 50,
    );
    onCleanup(() => clearTimeout(timer));
  });
  const name = (userId: string) =>
    userId === me
      ? "you"
      : (screenshare?.nameOf(props.roomId, userId) ?? userId.replace(/^@/, "").split(":")[0]);
  const sharer = () => (props.card.share === "responder" ? props.card.to : props.card.requester);
  const summary = () => {
    const asker = props.card.requester === me ? "You" : name(props.card.requester);
    const asked = name(props.card.to);
    return props.card.share === "responder"
      ? `${asker} asked ${asked} to share ${sharer() === me ? "your" : "their"} screen.`
      : `${asker} offered to share ${props.card.requester === me ? "your" : "their"} screen with ${asked}.`;
  };
  const accept = createAction("Accepting the screen-sharing request", () =>
    screenshare ? screenshare.accept(props.roomId, props.card) : Promise.resolve(),
  );
  const decline = createAction("Declining the screen-sharing request", () =>
    screenshare ? screenshare.decline(props.roomId, props.card) : Promise.resolve(),
  );
  const cancel = createAction("Cancelling the screen-sharing request", () =>
    screenshare ? screenshare.cancel(props.roomId, props.card) : Promise.resolve(),
  );
  const error = () => accept.error() ?? decline.error() ?? cancel.error();
  // eslint-disable-next-line solid/reactivity
  const summaryId = `screenshare-${props.card.requestId}`;

  return (
    <article
      aria-label="Screen-sharing request"
      class="mt-1 max-w-md rounded-lg border border-teal-200 bg-teal-50 p-3 text-sm text-slate-800"
    >
      <p id={summaryId} class="font-medium text-slate-900">
        {summary()}
      </p>
      <p class="mt-1 text-slate-700" data-testid="screenshare-status">
        <Switch>
          <Match when={state().phase === "requested"}>
            Waiting for an answer (up to {waitText(props.card.timeoutMs)}).
          </Match>
          <Match when={state().phase === "accepted"}>Accepted by {name(state().by ?? "")}.</Match>
          <Match when={state().phase === "connecting"}>Accepted — connecting the call…</Match>
          <Match when={state().phase === "connected"}>Accepted — call connected.</Match>
          <Match when={state().phase === "declined"}>Declined by {name(state().by ?? "")}.</Match>
          <Match when={state().phase === "cancelled"}>Cancelled by {name(state().by ?? "")}.</Match>
          <Match when={state().phase === "missed"}>
            Missed: no answer within {waitText(props.card.timeoutMs)}.
          </Match>
        </Switch>
      </p>
      <Show when={screenshare && state().phase === "requested"}>
        <div class="mt-2 flex flex-wrap gap-2">
          <Show when={props.card.to === me}>
            <Button
              variant="primary"
              aria-describedby={summaryId}
              busy={accept.busy()}
              onClick={() => void accept.run()}
            >
              Accept
            </Button>
            <Button
              aria-describedby={summaryId}
              busy={decline.busy()}
              onClick={() => void decline.run()}
            >
              Decline
            </Button>
          </Show>
          <Show when={props.card.requester === me}>
            <Button
              aria-describedby={summaryId}
              busy={cancel.busy()}
              onClick={() => void cancel.run()}
            >
              Cancel request
            </Button>
          </Show>
        </div>
      </Show>
      <Show when={error()}>
        {(message) => (
          <p role="alert" class="mt-2 text-red-800">
            {message()}
          </p>
        )}
      </Show>
    </article>
  );
}
