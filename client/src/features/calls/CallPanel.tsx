import { createEffect, createSignal, onCleanup, Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import { formatCallDuration } from "../../matrix/callTimeline.ts";
import type { Calls, CallView } from "../../matrix/createCalls.ts";
import { Button } from "../../ui/Button.tsx";
import { Notice } from "../../ui/Notice.tsx";

/** Props of {@link CallPanel}. */
export type CallPanelProps = {
  calls: Calls;
  /** A person's display name. */
  nameOf: (userId: string) => string;
};

/** Plays a stream in a media element (Solid has no `srcObject` attribute binding). */
function bindStream(element: HTMLMediaElement, stream: () => MediaStream | null): void {
  createEffect(() => {
    const next = stream();
    if (element.srcObject !== next) element.srcObject = next;
    if (next) element.play().catch(() => undefined);
  });
}

/** A running clock from `since` ("0:42"). */
function Elapsed(props: { since: number }): JSX.Element {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  return <>{formatCallDuration(Math.max(0, now() - props.since))}</>;
}

function ActiveCall(props: { calls: Calls; call: CallView; name: string }): JSX.Element {
  const share = createAction("Sharing your screen", () => props.calls.setSharing(true));
  const stop = createAction("Stopping the screen share", () => props.calls.setSharing(false));
  return (
    <section
      aria-label={`Call with ${props.name}`}
      class="flex flex-col gap-3 rounded-lg border border-teal-300 bg-white p-4"
    >
      <div class="flex flex-wrap items-center justify-between gap-3">
        <p class="font-medium text-slate-900" role="status">
          Call with {props.name}:{" "}
          <Show when={props.call.phase === "connected"} fallback="connecting…">
            connected <Elapsed since={props.call.connectedAt ?? Date.now()} />
          </Show>
          <Show when={props.call.sharing}> · you are sharing your screen</Show>
        </p>
        <div class="flex flex-wrap gap-2">
          <Button
            aria-pressed={props.call.micMuted}
            onClick={() => props.calls.setMicMuted(!props.call.micMuted)}
          >
            {props.call.micMuted ? "Unmute microphone" : "Mute microphone"}
          </Button>
          <Show
            when={props.call.sharing}
            fallback={
              <Button busy={share.busy()} onClick={() => void share.run()}>
                Share my screen
              </Button>
            }
          >
            <Button busy={stop.busy()} onClick={() => void stop.run()}>
              Stop sharing
            </Button>
          </Show>
          <Button variant="primary" onClick={() => props.calls.hangUp()}>
            Hang up
          </Button>
        </div>
      </div>
      <Show when={share.error() ?? stop.error()}>
        {(message) => <Notice tone="error">{message()}</Notice>}
      </Show>
      <Show when={props.call.remoteScreen}>
        <video
          ref={(el) => bindStream(el, () => props.call.remoteScreen)}
          aria-label={
            props.call.remoteVideoKind === "screen"
              ? `Screen shared by ${props.name}`
              : `Video from ${props.name}`
          }
          autoplay
          playsinline
          class="max-h-[60vh] w-full rounded bg-slate-900 object-contain"
        />
      </Show>
      {/* The other person's voice; the screen's own sound plays with the video. */}
      <audio ref={(el) => bindStream(el, () => props.call.remoteVoice)} autoplay />
    </section>
  );
}

/**
 * The call bar above the chats: a ringing call nobody asked for (Accept / Decline), or the call
 * in progress with its controls (mute, share or stop sharing, hang up), the other person's
 * screen and their voice. Part of the signed-in chunk on purpose: as a lazy chunk of its own it
 * made the bundler split the first screen's shared chunk, which pushed the login page past its
 * 20 KB budget (fastStart.spec.ts); here it costs about 1 KB gzip after the first paint.
 */
export function CallPanel(props: CallPanelProps): JSX.Element {
  const answer = createAction("Answering the call", () => props.calls.answerIncoming());
  return (
    <div class="flex flex-col gap-2">
      <Show when={props.calls.incoming()}>
        {(ringing) => (
          <section
            aria-label="Incoming call"
            class="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-teal-300 bg-teal-50 p-4"
          >
            <p class="font-medium text-slate-900" role="status">
              {props.nameOf(ringing().peerId)} is calling you.
            </p>
            <div class="flex gap-2">
              <Button variant="primary" busy={answer.busy()} onClick={() => void answer.run()}>
                Answer call
              </Button>
              <Button onClick={() => props.calls.declineIncoming()}>Decline call</Button>
            </div>
          </section>
        )}
      </Show>
      <Show when={props.calls.current()}>
        {(call) => (
          <ActiveCall calls={props.calls} call={call()} name={props.nameOf(call().peerId)} />
        )}
      </Show>
      <Show when={answer.error() ?? props.calls.error()}>
        {(message) => (
          <Notice tone="error" class="flex items-center justify-between gap-3">
            <span>{message()}</span>
            <Button
              variant="ghost"
              onClick={() => {
                answer.clearError();
                props.calls.clearError();
              }}
            >
              Dismiss
            </Button>
          </Notice>
        )}
      </Show>
    </div>
  );
}
