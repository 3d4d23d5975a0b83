import { For, onCleanup, onMount, Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { Button } from "../../ui/Button.tsx";
import { Notice } from "../../ui/Notice.tsx";
import { createGroupCall, type SharedScreen } from "./createGroupCall.ts";

/** Props of {@link GroupCallPanel}. */
export type GroupCallPanelProps = { session: MatrixSession; roomId: string; title: string };

function ScreenVideo(props: { screen: SharedScreen }): JSX.Element {
  let video: HTMLVideoElement | undefined;
  onMount(() => {
    if (video) props.screen.attach(video);
  });
  onCleanup(() => {
    if (video) props.screen.detach(video);
  });
  return (
    <figure class="m-0">
      <video
        ref={(el) => (video = el)}
        data-source="screen_share"
        aria-label={`Screen shared by ${props.screen.from}`}
        autoplay
        playsinline
        muted
        class="max-h-80 w-full rounded-md bg-slate-900"
      />
      <figcaption class="mt-1 text-xs text-slate-600">{props.screen.from} is sharing</figcaption>
    </figure>
  );
}

/**
 * The meeting strip of a chat: who is in the call, Join / Leave, Share screen, and the screens
 * others share. Element Call users in the same room meet here too (same MatrixRTC session and
 * LiveKit room).
 */
export function GroupCallPanel(props: GroupCallPanelProps): JSX.Element {
  // The panel is keyed by room (ChatPane): session and room are fixed for its lifetime.
  // eslint-disable-next-line solid/reactivity
  const call = createGroupCall(props.session, props.roomId);
  const join = createAction("Joining the meeting", () => call.join());
  const leave = createAction("Leaving the meeting", () => call.leave());
  const share = createAction("Sharing your screen", () => call.toggleSharing());
  const failed = () => join.error() ?? leave.error() ?? share.error();

  return (
    <section
      aria-label={`Meeting in ${props.title}`}
      class="flex flex-col gap-2 border-b border-slate-200 bg-slate-50 px-4 py-3"
    >
      <div class="flex flex-wrap items-center gap-2">
        <p class="mr-auto text-sm text-slate-700" data-testid="call-members">
          {call.members().length === 0
            ? "No meeting going on"
            : `In the meeting: ${call.members().length}`}
        </p>
        <Show
          when={call.status() === "joined"}
          fallback={
            <Button
              variant="primary"
              busy={call.status() === "joining"}
              onClick={() => void join.run()}
            >
              {call.members().length === 0 ? "Start meeting" : "Join meeting"}
            </Button>
          }
        >
          <Button busy={share.busy()} onClick={() => void share.run()}>
            {call.sharing() ? "Stop sharing" : "Share screen"}
          </Button>
          <Button busy={leave.busy()} onClick={() => void leave.run()}>
            Leave meeting
          </Button>
        </Show>
      </div>
      <Show when={failed()}>{(message) => <Notice tone="error">{message()}</Notice>}</Show>
      <Show when={call.screens().length > 0}>
        <div class="grid gap-3 sm:grid-cols-2">
          <For each={call.screens()}>{(screen) => <ScreenVideo screen={screen} />}</For>
        </div>
      </Show>
    </section>
  );
}
