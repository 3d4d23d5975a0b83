import { lazy, Match, onMount, Suspense, Switch, type JSX } from "solid-js";
import type { ClientConfig } from "./config/clientConfig.ts";
import { createAuth } from "./features/auth/createAuth.ts";
import { LoginForm } from "./features/auth/LoginForm.tsx";
import { CachedShell } from "./features/startup/CachedShell.tsx";
import { afterFirstPaint } from "./lib/afterFirstPaint.ts";
import { loadMatrix, makeLazySessionBackend } from "./matrix/loadMatrix.ts";
import { FullPageMessage } from "./ui/FullPageMessage.tsx";

// Everything signed-in may reach matrix-js-sdk, so it is its own chunk: the login form and the
// cached chat list paint without it (the first screen must stay under 20 KB gzip of JS).
const loadSignedIn = () => import("./SignedIn.tsx").then((m) => ({ default: m.SignedIn }));
const SignedIn = lazy(loadSignedIn);

/**
 * Composition root: wires config, auth, the Matrix session and `/api` into the screens.
 * No logic of its own; each screen gets plain data and callbacks.
 */
export function App(props: { config: ClientConfig }): JSX.Element {
  const storage = window.localStorage;
  const painted = new Promise<void>((resolve) => afterFirstPaint(resolve));
  // config.json is read once at start; a new homeserver URL needs a reload anyway.
  // eslint-disable-next-line solid/reactivity
  const auth = createAuth(makeLazySessionBackend(props.config.homeserverUrl, storage, painted));
  const state = auth.state;
  const signedOut = () => {
    const s = state();
    return s.status === "signed-out" ? s : undefined;
  };
  const resuming = () => {
    const s = state();
    return s.status === "restoring" ? s.userId : undefined;
  };
  const session = () => {
    const s = state();
    return s.status === "signed-in" ? s.session : undefined;
  };

  // After the first paint, fetch the SDK and the signed-in screens in the background, so that
  // pressing "Sign in" does not wait for ≈250 KB to download. Errors surface when they are used.
  onMount(
    () =>
      void painted.then(() => {
        loadMatrix().catch(() => undefined);
        loadSignedIn().catch(() => undefined);
      }),
  );

  return (
    <Switch fallback={<FullPageMessage title="Signing you in…" />}>
      <Match when={resuming()} keyed>
        {(userId) => (
          <CachedShell
            brand={props.config.brand}
            userId={userId}
            storage={storage}
            onSignOut={auth.signOut}
          />
        )}
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
          <Suspense
            fallback={
              <CachedShell
                brand={props.config.brand}
                userId={active.userId}
                storage={storage}
                onSignOut={auth.signOut}
              />
            }
          >
            <SignedIn session={active} brand={props.config.brand} onSignOut={auth.signOut} />
          </Suspense>
        )}
      </Match>
    </Switch>
  );
}
