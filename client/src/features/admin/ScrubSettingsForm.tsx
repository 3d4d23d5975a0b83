import { createSignal, Show, type JSX } from "solid-js";
import type { AdminSettings } from "@staffroom/appservice/contract";
import { createAction } from "../../lib/createAction.ts";
import { Button } from "../../ui/Button.tsx";
import { Notice } from "../../ui/Notice.tsx";
import { TextField } from "../../ui/TextField.tsx";

/** Props of {@link ScrubSettingsForm}. */
export type ScrubSettingsFormProps = {
  /** The saved setting (null = off). */
  scrubDays: number | null;
  /** Saves the setting; rejects with a readable error. */
  onSave: (settings: AdminSettings) => Promise<AdminSettings>;
};

/**
 * Reads the days field: empty is off, otherwise a whole number 1–3650.
 * @param text - what the person typed
 * @returns the days (null = off), or a readable error
 */
export function parseScrubDays(
  text: string,
): { ok: true; days: number | null } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, days: null };
  if (!/^\d+$/.test(trimmed))
    return { ok: false, error: "Enter a whole number of days, from 1 to 3650." };
  const days = Number(trimmed);
  if (days < 1 || days > 3650)
    return { ok: false, error: "Enter a number of days from 1 to 3650." };
  return { ok: true, days };
}

/** The "Scrub internal chat messages older than N days" setting with its Save button. */
export function ScrubSettingsForm(props: ScrubSettingsFormProps): JSX.Element {
  // The form starts from the saved value; later edits are the person's own.
  // eslint-disable-next-line solid/reactivity
  const [enabled, setEnabled] = createSignal(props.scrubDays !== null);
  // eslint-disable-next-line solid/reactivity
  const [days, setDays] = createSignal(props.scrubDays === null ? "30" : String(props.scrubDays));
  const [invalid, setInvalid] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  const save = createAction("Saving the scrub setting", (settings: AdminSettings) =>
    props.onSave(settings),
  );

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setSaved(false);
    const parsed = enabled() ? parseScrubDays(days()) : { ok: true as const, days: null };
    if (!parsed.ok || (enabled() && parsed.days === null)) {
      setInvalid(parsed.ok ? "Enter a number of days from 1 to 3650." : parsed.error);
      return;
    }
    setInvalid(null);
    const outcome = await save.run({ scrub_days: parsed.days });
    if (outcome?.ok === true) setSaved(true);
  };

  return (
    <form class="flex flex-col gap-3" onSubmit={(event) => void submit(event)} noValidate>
      <label class="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input
          type="checkbox"
          class="size-4 accent-teal-700"
          checked={enabled()}
          onChange={(event) => {
            setEnabled(event.currentTarget.checked);
            setInvalid(null);
            setSaved(false);
          }}
        />
        Scrub internal chat messages
      </label>
      <div class="max-w-xs">
        <TextField
          label="Scrub internal chat messages older than N days"
          hint="1 to 3650 days. Off keeps messages forever."
          inputMode="numeric"
          disabled={!enabled()}
          value={days()}
          aria-invalid={invalid() !== null}
          aria-errormessage={invalid() !== null ? "scrub-days-error" : undefined}
          onInput={(event) => {
            setDays(event.currentTarget.value);
            setInvalid(null);
            setSaved(false);
            save.clearError();
          }}
        />
      </div>
      <Show when={invalid()}>
        {(message) => (
          <p id="scrub-days-error" role="alert" class="text-sm text-red-700">
            {message()}
          </p>
        )}
      </Show>
      <Show when={save.error()}>{(message) => <Notice tone="error">{message()}</Notice>}</Show>
      <div class="flex items-center gap-3">
        <Button type="submit" variant="primary" busy={save.busy()}>
          Save
        </Button>
        <Show when={saved()}>
          <span role="status" class="text-sm text-teal-800">
            Saved.
          </span>
        </Show>
      </div>
    </form>
  );
}
