import { createSignal, Show, type JSX } from "solid-js";
import type { FaqGroupCreate, FaqGroupView } from "@staffroom/appservice/contract";
import { createAction } from "../../../lib/createAction.ts";
import { Button } from "../../../ui/Button.tsx";
import { fieldClass } from "../../../ui/fieldClass.ts";
import { Notice } from "../../../ui/Notice.tsx";
import { TextField } from "../../../ui/TextField.tsx";

/** Props of {@link FaqGroupForm}. */
export type FaqGroupFormProps = {
  /** The group being edited; absent for a new one. */
  group?: FaqGroupView;
  submitLabel: string;
  /** Saves; rejects with a readable error (e.g. a name already taken). */
  onSave: (group: Required<FaqGroupCreate>) => Promise<unknown>;
  onCancel: () => void;
};

/** Name, description and who can see a FAQ group. */
export function FaqGroupForm(props: FaqGroupFormProps): JSX.Element {
  // The form starts from the saved group; later edits are the person's own.
  /* eslint-disable solid/reactivity */
  const [name, setName] = createSignal(props.group?.name ?? "");
  const [description, setDescription] = createSignal(props.group?.description ?? "");
  const [visibility, setVisibility] = createSignal(props.group?.visibility ?? "public");
  /* eslint-enable solid/reactivity */
  const [invalid, setInvalid] = createSignal(false);
  const save = createAction("Saving the FAQ group", () =>
    props.onSave({ name: name().trim(), description: description(), visibility: visibility() }),
  );
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (name().trim() === "") {
      setInvalid(true);
      return;
    }
    void save.run();
  };

  return (
    <form
      class="flex flex-col gap-3 rounded-md border border-slate-200 bg-white p-3"
      aria-label={props.group ? `Edit ${props.group.name}` : "New FAQ group"}
      onSubmit={submit}
      noValidate
    >
      <TextField
        label="Group name"
        value={name()}
        aria-invalid={invalid()}
        aria-errormessage={invalid() ? "faq-group-name-error" : undefined}
        onInput={(event) => {
          setName(event.currentTarget.value);
          setInvalid(false);
          save.clearError();
        }}
      />
      <Show when={invalid()}>
        <p id="faq-group-name-error" role="alert" class="text-sm text-red-700">
          Enter a name for the group.
        </p>
      </Show>
      <TextField
        label="Description"
        value={description()}
        onInput={(event) => setDescription(event.currentTarget.value)}
      />
      <label class="flex max-w-xs flex-col gap-1.5 text-sm font-medium text-slate-800">
        Visible to
        <select
          class={fieldClass}
          value={visibility()}
          onChange={(event) => setVisibility(event.currentTarget.value as "public" | "internal")}
        >
          <option value="public">Public — all staff</option>
          <option value="internal">Internal — operators only</option>
        </select>
      </label>
      <Show when={save.error()}>{(message) => <Notice tone="error">{message()}</Notice>}</Show>
      <div class="flex gap-2">
        <Button type="submit" variant="primary" busy={save.busy()}>
          {props.submitLabel}
        </Button>
        <Button onClick={() => props.onCancel()}>Cancel</Button>
      </div>
    </form>
  );
}
