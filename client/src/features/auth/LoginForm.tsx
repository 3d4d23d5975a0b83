import { createSignal, Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import { Button } from "../../ui/Button.tsx";
import { Notice } from "../../ui/Notice.tsx";
import { TextField } from "../../ui/TextField.tsx";

/** Props of {@link LoginForm}. */
export type LoginFormProps = {
  /** Product name for the heading. */
  brand: string;
  /** Shown under the form so people (and admins on the phone) can see which server is used. */
  serverLabel: string;
  /** Why the person is here, e.g. their session ended; null for a plain visit. */
  notice: string | null;
  /** Signs in; rejects with a UserFacingError whose message the form shows. */
  onSignIn: (username: string, password: string) => Promise<void>;
};

/**
 * The sign-in form: "Username", "Password" and a "Sign in" button. While signing in the button
 * is disabled and shows a spinner; a failure appears in a `role="alert"` box above the fields.
 */
export function LoginForm(props: LoginFormProps): JSX.Element {
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const signIn = createAction("Signing in", (user: string, pass: string) =>
    props.onSignIn(user, pass),
  );

  let usernameInput: HTMLInputElement | undefined;
  let passwordInput: HTMLInputElement | undefined;

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const outcome = await signIn.run(username(), password());
    // The button was disabled while busy, which drops keyboard focus; put it where the next
    // keystroke belongs so a retry needs no mouse.
    if (outcome?.ok === false) (username().trim() === "" ? usernameInput : passwordInput)?.focus();
  };

  return (
    <main class="flex min-h-dvh items-center justify-center bg-slate-100 px-4 py-10">
      <div class="w-full max-w-sm">
        <div class="mb-6 text-center">
          <h1 class="text-2xl font-semibold tracking-tight text-slate-900">{props.brand}</h1>
          <p class="mt-1 text-sm text-slate-600">Sign in to chat with your colleagues.</p>
        </div>
        <form
          class="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
          aria-label="Sign in"
          noValidate
          onSubmit={(event) => void submit(event)}
        >
          <Show when={props.notice}>{(notice) => <Notice tone="warning">{notice()}</Notice>}</Show>
          <Show when={signIn.error()}>
            {(message) => <Notice tone="error">{message()}</Notice>}
          </Show>
          <TextField
            label="Username"
            name="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            hint="Your staff username, e.g. alice"
            value={username()}
            ref={(el) => (usernameInput = el)}
            onInput={(event) => setUsername(event.currentTarget.value)}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autocomplete="current-password"
            value={password()}
            ref={(el) => (passwordInput = el)}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
          <Button type="submit" variant="primary" busy={signIn.busy()} class="mt-1 w-full">
            Sign in
          </Button>
          <p role="status" class="sr-only">
            {signIn.busy() ? "Signing in…" : ""}
          </p>
        </form>
        <p class="mt-4 text-center text-xs text-slate-600">Server: {props.serverLabel}</p>
      </div>
    </main>
  );
}
