import { createSignal, lazy, Match, Suspense, Switch, type JSX } from "solid-js";
import type { RedeemResponse } from "@staffroom/appservice/contract";
import { ApiError } from "../../api/apiError.ts";
import { redeemGuestLink } from "../../api/meetingsApi.ts";
import { GUEST_BUTTON, GuestScreen } from "./GuestScreen.tsx";
import { clearGuestLogin, loadGuestLogin, saveGuestLogin, tokenFromHash } from "./guestFlow.ts";

// The lobby needs matrix-js-sdk: it downloads only once the link was accepted, so the name form
// paints from a small chunk.
const GuestLobby = lazy(() => import("./GuestLobby.tsx").then((m) => ({ default: m.GuestLobby })));

// Answers that mean "this link will never work": shown instead of the form.
const DEAD_LINK = new Set([
  "M_NOT_FOUND",
  "STAFFROOM_INVITE_USED",
  "STAFFROOM_INVITE_EXPIRED",
  "STAFFROOM_MEETING_ENDED",
]);

const INVALID_LINK =
  "This invitation link is not valid. Check that you copied the whole link from the email.";

/** Props of {@link GuestPage}. */
export type GuestPageProps = { brand: string; homeserverUrl: string };

/**
 * `/guest#t=<token>`, the page an emailed invitation opens (no account needed): the guest types
 * a name, the appservice turns the link into a short-lived guest login that knocks on the
 * meeting, and the lobby takes over. Used, expired or unknown links get a clear page and no
 * account. The token leaves the address bar at once; a reload of the tab resumes the login.
 */
export function GuestPage(props: GuestPageProps): JSX.Element {
  const token = tokenFromHash(window.location.hash);
  if (token !== null) window.history.replaceState(null, "", window.location.pathname);
  const storage = window.sessionStorage;
  const resumed = loadGuestLogin(storage, token);
  const [login, setLogin] = createSignal<RedeemResponse | undefined>(resumed);
  const [refused, setRefused] = createSignal<string | null>(
    token === null && resumed === undefined ? INVALID_LINK : null,
  );
  const [name, setName] = createSignal("");

  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (token === null || busy()) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await redeemGuestLink(token, name());
      saveGuestLogin(storage, token, answer);
      setLogin(answer);
    } catch (failure) {
      if (failure instanceof ApiError && DEAD_LINK.has(failure.errcode))
        setRefused(failure.message);
      else if (failure instanceof ApiError) setError(failure.message);
      else setError("Joining the meeting failed unexpectedly. Please try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Switch>
      <Match when={refused()}>
        {(message) => (
          <GuestScreen tone="error" title="You can't join with this link">
            {message()}
          </GuestScreen>
        )}
      </Match>
      <Match when={login()} keyed>
        {(active) => (
          <Suspense fallback={<GuestScreen title="Opening the meeting…" />}>
            <GuestLobby
              login={active}
              homeserverUrl={props.homeserverUrl}
              onFinished={() => clearGuestLogin(storage)}
            />
          </Suspense>
        )}
      </Match>
      <Match when={true}>
        <main class="flex min-h-dvh items-center justify-center bg-slate-100 px-4">
          <form
            onSubmit={(event) => void submit(event)}
            aria-labelledby="guest-title"
            class="flex w-full max-w-sm flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
          >
            <div>
              <p class="text-sm text-slate-600">{props.brand}</p>
              <h1 id="guest-title" class="text-lg font-semibold text-slate-900">
                Join the meeting as a guest
              </h1>
            </div>
            <div class="flex flex-col gap-1.5">
              <label for="guest-name" class="text-sm font-medium text-slate-800">
                Your name
              </label>
              <input
                id="guest-name"
                aria-describedby="guest-name-hint"
                autocomplete="name"
                maxLength={64}
                required
                value={name()}
                onInput={(event) => {
                  setName(event.currentTarget.value);
                  setError(null);
                }}
                class="rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
              />
              <p id="guest-name-hint" class="text-xs text-slate-500">
                The host sees this name before letting you in.
              </p>
            </div>
            {error() !== null && (
              <p
                role="alert"
                class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
              >
                {error()}
              </p>
            )}
            <button type="submit" class={GUEST_BUTTON} disabled={busy()} aria-busy={busy()}>
              {busy() ? "Joining…" : "Join meeting"}
            </button>
          </form>
        </main>
      </Match>
    </Switch>
  );
}
