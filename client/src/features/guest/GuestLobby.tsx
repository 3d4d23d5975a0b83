import {
  createEffect,
  createMemo,
  createSignal,
  Match,
  on,
  onCleanup,
  onMount,
  Show,
  Switch,
  type JSX,
} from "solid-js";
import type { RedeemResponse } from "@staffroom/appservice/contract";
import { createMeetingRoom, joinMeetingRoom } from "../../matrix/createMeetingRoom.ts";
import { SessionEndedError } from "../../matrix/errors.ts";
import { startSession, type MatrixSession } from "../../matrix/session.ts";
import { MeetingStage } from "../meetings/MeetingStage.tsx";
import { guestStage } from "./guestFlow.ts";
import { GuestScreen } from "./GuestScreen.tsx";

/** Props of {@link GuestLobby}. */
export type GuestLobbyProps = {
  login: RedeemResponse;
  homeserverUrl: string;
  /** Called once the guest can't come back (turned away, or the meeting is over). */
  onFinished: () => void;
};

/**
 * The guest's side after the link was accepted: a Matrix session for the short-lived guest
 * account, "waiting" while it knocks, an automatic join once the host admits it, then the
 * meeting. A kick before joining reads "The host did not let you in."; a deactivated account
 * "This meeting has ended."
 */
export function GuestLobby(props: GuestLobbyProps): JSX.Element {
  const [session, setSession] = createSignal<MatrixSession>();
  const [ended, setEnded] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  onMount(() => {
    const { user_id, access_token, device_id } = props.login;
    startSession(
      {
        userId: user_id,
        accessToken: access_token,
        deviceId: device_id,
        homeserverUrl: props.homeserverUrl,
      },
      { onSessionEnded: () => setEnded(true) },
    ).then(setSession, (error: unknown) => {
      if (error instanceof SessionEndedError) setEnded(true);
      else setFailure(error instanceof Error ? error.message : String(error));
    });
  });
  onCleanup(() => session()?.stop());
  createEffect(() => {
    if (ended()) props.onFinished();
  });

  return (
    <Switch fallback={<GuestScreen title="Waiting for the host to let you in…" />}>
      <Match when={session() === undefined && ended()}>
        <GuestScreen tone="error" title="This meeting has ended.">
          Your guest access has been removed. Thank you for joining.
        </GuestScreen>
      </Match>
      <Match when={failure()}>
        {(message) => (
          <GuestScreen tone="error" title="The meeting could not be opened">
            {message()}
          </GuestScreen>
        )}
      </Match>
      <Match when={session()} keyed>
        {(active) => (
          <GuestInRoom
            session={active}
            login={props.login}
            ended={ended()}
            onFinished={props.onFinished}
          />
        )}
      </Match>
    </Switch>
  );
}

function GuestInRoom(props: {
  session: MatrixSession;
  login: RedeemResponse;
  ended: boolean;
  onFinished: () => void;
}): JSX.Element {
  // One room for the component's life.
  // eslint-disable-next-line solid/reactivity
  const view = createMeetingRoom(props.session, props.login.room_id);
  const [wasIn, setWasIn] = createSignal(false);
  const stage = createMemo(() => guestStage(view().myMembership, wasIn(), props.ended));
  const [joinError, setJoinError] = createSignal<string | null>(null);
  let joining = false;
  const join = (): void => {
    if (joining) return;
    joining = true;
    joinMeetingRoom(props.session, props.login.room_id).catch((error: unknown) => {
      joining = false;
      setJoinError(error instanceof Error ? error.message : String(error));
    });
  };
  createEffect(
    on(stage, (current) => {
      if (current === "in") setWasIn(true);
      if (current === "joining") join();
      // A removed guest keeps syncing: the appservice deactivates it next, which reads "ended".
      if (current === "denied" || current === "ended") {
        props.session.stop();
        props.onFinished();
      }
    }),
  );

  return (
    <Switch fallback={<GuestScreen title="Waiting for the host to let you in…" />}>
      <Match when={stage() === "joining"}>
        <GuestScreen title="The host let you in. Joining…">
          <Show when={joinError()}>{(message) => <span role="alert">{message()}</span>}</Show>
        </GuestScreen>
      </Match>
      <Match when={stage() === "denied"}>
        <GuestScreen tone="error" title="The host did not let you in.">
          You can close this page.
        </GuestScreen>
      </Match>
      <Match when={stage() === "ended"}>
        <GuestScreen tone="error" title="This meeting has ended.">
          Your guest access has been removed. Thank you for joining.
        </GuestScreen>
      </Match>
      <Match when={stage() === "removed"}>
        <GuestScreen tone="error" title="You were removed from the meeting.">
          You can close this page.
        </GuestScreen>
      </Match>
      <Match when={stage() === "in"}>
        <main class="mx-auto flex min-h-dvh max-w-3xl flex-col gap-4 p-4">
          <header role="status" class="rounded-lg border border-teal-200 bg-teal-50 px-4 py-3">
            <h1 class="text-lg font-semibold text-teal-900">You're in</h1>
            <p class="text-sm text-teal-900">{props.login.meeting_name}</p>
          </header>
          <MeetingStage
            session={props.session}
            roomId={props.login.room_id}
            title={props.login.meeting_name}
          />
        </main>
      </Match>
    </Switch>
  );
}
