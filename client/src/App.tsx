import { Match, onCleanup, Switch, type JSX } from "solid-js";
import { createApiClient } from "./api/apiClient.ts";
import type { ClientConfig } from "./config/clientConfig.ts";
import { createAuth } from "./features/auth/createAuth.ts";
import { LoginForm } from "./features/auth/LoginForm.tsx";
import { ChatsView } from "./features/chats/ChatsView.tsx";
import { AppShell } from "./features/shell/AppShell.tsx";
import { createUserSettings } from "./features/settings/createUserSettings.ts";
import { createOrgProfile } from "./features/shell/createOrgProfile.ts";
import { StatusSelector } from "./features/shell/StatusSelector.tsx";
import { setMyPresence } from "./matrix/createPresence.ts";
import { createSyncState } from "./matrix/createSyncState.ts";
import type { MatrixSession } from "./matrix/session.ts";
import { makeSessionBackend } from "./matrix/sessionBackend.ts";
import { FullPageMessage } from "./ui/FullPageMessage.tsx";

/**
 * Composition root: wires config, auth, the Matrix session and `/api` into the screens.
 * No logic of its own; each screen gets plain data and callbacks.
 */
export function App(props: { config: ClientConfig }): JSX.Element {
  // config.json is read once at start; a new homeserver URL needs a reload anyway.
  // eslint-disable-next-line solid/reactivity
  const backend = makeSessionBackend(props.config.homeserverUrl, window.localStorage);
  const auth = createAuth(backend);
  const state = auth.state;
  const signedOut = () => {
    const s = state();
    return s.status === "signed-out" ? s : undefined;
  };
  const session = () => {
    const s = state();
    return s.status === "signed-in" ? s.session : undefined;
  };

  return (
    <Switch>
      <Match when={state().status === "restoring"}>
        <FullPageMessage title="Signing you in…" />
      </Match>
      <Match when={signedOut()}>
        {(s) => (
          <LoginForm
            brand={props.config.brand}
            serverLabel={new URL(props.config.homeserverUrl).host}
            notice={s().notice}
            onSignIn={auth.signIn}
          />
        )}
      </Match>
      <Match when={session()} keyed>
        {(active) => (
          <SignedIn session={active} brand={props.config.brand} onSignOut={auth.signOut} />
        )}
      </Match>
    </Switch>
  );
}

function SignedIn(props: {
  session: MatrixSession;
  brand: string;
  onSignOut: () => Promise<void>;
}): JSX.Element {
  // The session is fixed for this component's life (keyed Match), so reading it once is right.
  // eslint-disable-next-line solid/reactivity
  const { session } = props;
  const syncStatus = createSyncState(session);
  const api = createApiClient({ accessToken: session.credentials.accessToken });
  const org = createOrgProfile(api);
  const prefs = createUserSettings(session.userId, window.localStorage);
  onCleanup(() => session.stop());
  return (
    <AppShell
      brand={props.brand}
      userId={session.userId}
      isAdmin={org.isAdmin()}
      syncStatus={syncStatus()}
      orgNotice={org.unavailable()}
      onRetryOrg={org.retry}
      onSignOut={props.onSignOut}
      internalTab={prefs.settings().internalTab}
      status={<StatusSelector onChange={(state) => setMyPresence(session, state)} />}
      chats={
        <ChatsView
          session={session}
          api={api}
          brand={props.brand}
          internalTab={prefs.settings().internalTab}
          onInternalTabChange={(value) => prefs.set("internalTab", value)}
        />
      }
    />
  );
}
