import { splitProps, Show, type JSX } from "solid-js";
import { focusRing } from "./focusRing.ts";
import { Spinner } from "./Spinner.tsx";

/** Visual weight of a button. */
export type ButtonVariant = "primary" | "secondary" | "ghost";

/** Props of {@link Button}: a native button plus a variant and a busy flag. */
export type ButtonProps = JSX.ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  /** Shows a spinner and disables the button; the label stays, so its accessible name is stable. */
  busy?: boolean;
};

const variants: Record<ButtonVariant, string> = {
  primary: "bg-teal-700 text-white hover:bg-teal-800 disabled:bg-teal-700/60",
  secondary:
    "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400",
  ghost: "text-slate-700 hover:bg-slate-100 disabled:text-slate-400",
};

/**
 * The app's button. Defaults to `type="button"` so it never submits a form by accident.
 * @example
 * <Button variant="primary" type="submit" busy={signingIn()}>Sign in</Button>
 */
export function Button(props: ButtonProps): JSX.Element {
  const [local, rest] = splitProps(props, ["variant", "busy", "class", "children", "disabled"]);
  return (
    <button
      type="button"
      {...rest}
      disabled={local.disabled === true || local.busy === true}
      aria-busy={local.busy === true ? "true" : undefined}
      class={`inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed ${focusRing} ${variants[local.variant ?? "secondary"]} ${local.class ?? ""}`}
    >
      <Show when={local.busy}>
        <Spinner />
      </Show>
      {local.children}
    </button>
  );
}
