import { For, onCleanup, onMount, Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { Button } from "../../ui/Button.tsx";
import { Notice } from "../../ui/Notice.tsx";
import { createGroupCall, type GroupCall } from "./createGroupCall.ts";
import type { RemoteMedia } from "./meetingMedia.ts";

/** Props of {@link GroupCallPanel}. */
export type GroupCallPanelProps = {
  session: MatrixSession;
  roomId: string;
  title: string;
  /** The region's accessible name; default "Call in <title>". */
  label?: string;
};

/** Plays `media` in the element `ref` receives while it is on screen. */
function useAttached(media: RemoteMedia): (element: HTMLMediaElement) => void {
  let element: HTMLMediaElement | undefined;
  onMount(() => element && media.attach(element));
  onCleanup(() => element && media.detach(element));
  return (el) => (element = el);
}

function ScreenVideo(props: { screen: RemoteMedia; large: boolean }): JSX.Element {
  // A screen keeps its element for its lifetime (keyed by <For>).
  // eslint-disable-next-line solid/reactivity
  const ref = useAttached(props.screen);
  return (
    <figure class={props.large ? "m-0 sm:col-span-3" : "m-0"}>
      <figcaption class="mb-1 text-sm font-medium text-slate-800">
        {props.screen.from} is sharing
      </figcaption>
      <video
        ref={ref}
        data-source="screen_share"
        aria-label={`Screen shared by ${props.screen.from}`}
        autoplay
        playsinline
        muted
        class={`w-full rounded-md bg-slate-900 ${props.large ? "max-h-[60vh]" : "max-h-40"}`}
      />
    </figure>
  );
}

function Voice(props: { voice: RemoteMedia }): JSX.Element {
  // eslint-disable-next-line solid/reactivity
  const ref = useAttached(props.voice);
  return <audio ref={ref} autoplay data-from={props.voice.from} />;
}

function Controls(props: { call: GroupCall }): JSX.Element {
  const join = createAction("Joining the call", () => props.call.join());
  const leave = createAction("Leaving the call", () => props.call.leave());
  const share = createAction("Sharing your screen", () => props.call.toggleSharing());
  const failed = () => join.error() ?? leave.error() ?? share.error();
  return (
    <>
      <div class="flex flex-wrap gap-2">
        <Show
          when={props.call.status() === "joined"}
          fallback={
            <Button
              variant="primary"
              busy={props.call.status() === "joining"}
              onClick={() => void join.run()}
            >
              {props.call.members().length === 0 ? "Start call" : "Join call"}
            </Button>
          }
        >
          <Button
            aria-pressed={props.call.micMuted()}
            busy={props.call.micBusy()}
            onClick={() => void props.call.toggleMicrophone()}
          >
            {props.call.micMuted() ? "Unmute microphone" : "Mute microphone"}
          </Button>
          <Button busy={share.busy()} onClick={() => void share.run()}>
            {props.call.sharing() ? "Stop sharing" : "Share screen"}
          </Button>
          <Button busy={leave.busy()} onClick={() => void leave.run()}>
            Leave call
          </Button>
        </Show>
      </div>
      <Show when={failed()}>
        {(message) => (
          <Notice tone="error" class="basis-full">
            {message()}
          </Notice>
        )}
      </Show>
    </>
  );
}

/**
 * The meeting strip of a chat: who is in the call, Join / Leave, Mute, Share screen, the screen
 * being shared (large, with the presenter's name) and everyone's voices. Element Call users in
 * the same room meet here too (same MatrixRTC session and LiveKit room).
 */
export function GroupCallPanel(props: GroupCallPanelProps): JSX.Element {
  // The panel is keyed by room (ChatPane): session and room are fixed for its lifetime.
  // eslint-disable-next-line solid/reactivity
  const call = createGroupCall(props.session, props.roomId);

  return (
    <section
      aria-label={props.label ?? `Call in ${props.title}`}
      class="flex flex-col gap-2 border-b border-slate-200 bg-slate-50 px-4 py-3"
    >
      <div class="flex flex-wrap items-center gap-2">
        <div class="mr-auto text-sm text-slate-700">
          <p data-testid="call-members">
            {call.members().length === 0
              ? "No call going on"
              : `In the call: ${call.members().length}`}
            <Show when={call.sharing()}> · you are sharing your screen</Show>
          </p>
          <Show when={call.members().length > 0}>
            <ul aria-label="People in the call" class="flex flex-wrap gap-x-3 text-slate-900">
              <For each={call.members()}>{(member) => <li>{member.name}</li>}</For>
            </ul>
          </Show>
        </div>
        <Controls call={call} />
      </div>
      <Show when={call.notice()}>{(text) => <Notice tone="warning">{text()}</Notice>}</Show>
      <Show when={call.screens().length > 0}>
        <div class="grid gap-3 sm:grid-cols-3">
          <For each={call.screens()}>
            {(screen, index) => <ScreenVideo screen={screen} large={index() === 0} />}
          </For>
        </div>
      </Show>
      <For each={call.voices()}>{(voice) => <Voice voice={voice} />}</For>
    </section>
  );
}
