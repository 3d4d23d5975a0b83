import { createSignal, Show, type JSX } from "solid-js";
import type { FaqGroupUpdate, FaqGroupView } from "@staffroom/appservice/contract";
import type { FaqAdminApi } from "../../../api/faqAdminApi.ts";
import { createAction } from "../../../lib/createAction.ts";
import { Badge } from "../../../ui/Badge.tsx";
import { Button } from "../../../ui/Button.tsx";
import { ConfirmButton } from "../../../ui/ConfirmButton.tsx";
import { Notice } from "../../../ui/Notice.tsx";
import { FaqEntriesList } from "./FaqEntriesList.tsx";
import { FaqGroupForm } from "./FaqGroupForm.tsx";
import { FaqImportForm } from "./FaqImportForm.tsx";

/** Props of {@link FaqGroupPanel}. */
export type FaqGroupPanelProps = {
  api: FaqAdminApi;
  group: FaqGroupView;
  /** The group's name, description, visibility or entries changed. */
  onChanged: () => void;
  onDeleted: () => void;
};

/** One FAQ group: edit or delete it, import a file into it, and manage its entries. */
export function FaqGroupPanel(props: FaqGroupPanelProps): JSX.Element {
  const [editing, setEditing] = createSignal(false);
  let reloadEntries: (() => Promise<void>) | undefined;
  const remove = createAction("Deleting the FAQ group", async () => {
    await props.api.deleteFaqGroup(props.group.id);
    props.onDeleted();
  });

  const saveGroup = async (changes: FaqGroupUpdate): Promise<void> => {
    await props.api.updateFaqGroup(props.group.id, changes);
    setEditing(false);
    props.onChanged();
  };

  return (
    <section
      aria-labelledby="faq-group-heading"
      class="flex flex-col gap-5 rounded-lg border border-slate-200 bg-slate-50 p-4"
    >
      <div class="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h2 id="faq-group-heading" class="text-base font-semibold">
          {props.group.name}
        </h2>
        <Badge>{props.group.visibility === "public" ? "Public" : "Internal"}</Badge>
        <div class="ml-auto flex flex-wrap gap-2">
          <Button onClick={() => setEditing(true)} disabled={editing()}>
            Edit group
          </Button>
          <ConfirmButton
            label="Delete group"
            question={`Delete ${props.group.name} and its ${props.group.entries} entries?`}
            busy={remove.busy()}
            onConfirm={() => void remove.run()}
          />
        </div>
      </div>
      <Show when={props.group.description !== ""}>
        <p class="text-sm text-slate-700">{props.group.description}</p>
      </Show>
      <Show when={remove.error()}>{(message) => <Notice tone="error">{message()}</Notice>}</Show>
      <Show when={editing()}>
        <FaqGroupForm
          group={props.group}
          submitLabel="Save group"
          onCancel={() => setEditing(false)}
          onSave={saveGroup}
        />
      </Show>
      <FaqImportForm
        api={props.api}
        groupId={props.group.id}
        groupName={props.group.name}
        onImported={() => {
          void reloadEntries?.();
          props.onChanged();
        }}
      />
      <FaqEntriesList
        api={props.api}
        group={props.group}
        onChanged={() => props.onChanged()}
        exposeReload={(reload) => (reloadEntries = reload)}
      />
    </section>
  );
}
