import { createUniqueId, splitProps, type JSX } from "solid-js";
import { focusRing } from "./focusRing.ts";

/** Props of {@link TextField}: a native input plus its visible label. */
export type TextFieldProps = JSX.InputHTMLAttributes<HTMLInputElement> & {
  /** Visible label text; also the input's accessible name (`<label for>`). */
  label: string;
  /** Short help shown under the input and linked with `aria-describedby`. */
  hint?: string;
};

/**
 * A labelled text input. The label is always visible (placeholders are not labels) and wired
 * with `for`/`id`, so `getByLabel("Username")` finds the input in tests and screen readers
 * announce it.
 */
export function TextField(props: TextFieldProps): JSX.Element {
  const [local, rest] = splitProps(props, ["label", "hint", "id", "class"]);
  const fallbackId = createUniqueId();
  const id = (): string => local.id ?? `field-${fallbackId}`;
  const hintId = (): string => `${id()}-hint`;
  return (
    <div class="flex flex-col gap-1.5">
      <label for={id()} class="text-sm font-medium text-slate-800">
        {local.label}
      </label>
      <input
        {...rest}
        id={id()}
        aria-describedby={local.hint === undefined ? undefined : hintId()}
        class={`rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-xs placeholder:text-slate-400 disabled:bg-slate-100 aria-invalid:border-red-600 ${focusRing} ${local.class ?? ""}`}
      />
      {local.hint !== undefined && (
        <p id={hintId()} class="text-xs text-slate-600">
          {local.hint}
        </p>
      )}
    </div>
  );
}
