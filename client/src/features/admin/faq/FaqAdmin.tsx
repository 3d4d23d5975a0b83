import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import type { FaqGroupCreate } from "@staffroom/appservice/contract";
import type { FaqAdminApi } from "../../../api/faqAdminApi.ts";
import { Button } from "../../../ui/Button.tsx";
import { focusRing } from "../../../ui/focusRing.ts";
import { Notice } from "../../../ui/Notice.tsx";
import { Spinner } from "../../../ui/Spinner.tsx";
import { FaqGroupForm } from "./FaqGroupForm.tsx";
import { FaqGroupPanel } from "./FaqGroupPanel.tsx";
import { FaqStatsView } from "./FaqStatsView.tsx";

/**
 * Admin → FAQs: the groups (New group), the chosen group's settings, import and entries, and
 * which FAQs staff share.
 */
export function FaqAdmin(props: { api: FaqAdminApi }): JSX.Element {
  const [groups, { refetch }] = createResource(() => props.api.adminFaqGroups());
  const [selectedId, setSelectedId] = createSignal<number | null>(null);
  const [creating, setCreating] = createSignal(false);
  // Bumped on every change so the sharing figures (never-shared list) follow.
  const [version, setVersion] = createSignal(0);
  const changed = (): void => {
    void refetch();
    setVersion((v) => v + 1);
  };
  const createGroup = async (input: FaqGroupCreate): Promise<void> => {
    const group = await props.api.createFaqGroup(input);
    setCreating(false);
    setSelectedId(group.id);
    changed();
  };
  const groupById = (id: number) => groups.latest?.groups.find((group) => group.id === id);

  return (
    <div class="flex flex-col gap-6">
      <section aria-labelledby="faq-groups-heading" class="flex flex-col gap-3">
        <div class="flex flex-wrap items-center gap-3">
          <h2 id="faq-groups-heading" class="text-base font-semibold">
            FAQ groups
          </h2>
          <Button onClick={() => setCreating(true)} disabled={creating()}>
            New group
          </Button>
        </div>
        <Show when={creating()}>
          <FaqGroupForm
            submitLabel="Create group"
            onCancel={() => setCreating(false)}
            onSave={createGroup}
          />
        </Show>
        <Show when={groups.error !== undefined}>
          <Notice tone="error" class="flex flex-wrap items-baseline gap-3">
            Could not load the FAQ groups.
            <Button onClick={() => void refetch()}>Try again</Button>
          </Notice>
        </Show>
        <Show when={groups.state === "pending"}>
          <p class="flex items-center gap-2 text-sm text-slate-600" role="status">
            <Spinner /> Loading…
          </p>
        </Show>
        <Show when={groups.latest}>
          {(current) => (
            <Show
              when={current().groups.length > 0}
              fallback={<p class="text-sm text-slate-600">No FAQ groups yet. Create one.</p>}
            >
              <ul class="flex flex-wrap gap-2" aria-label="FAQ groups">
                <For each={current().groups}>
                  {(group) => (
                    <li>
                      <button
                        type="button"
                        aria-pressed={selectedId() === group.id}
                        onClick={() => setSelectedId(group.id)}
                        class={`rounded-md border border-slate-300 bg-white px-3 py-2 text-left text-sm hover:bg-slate-50 aria-pressed:border-teal-700 aria-pressed:bg-teal-50 ${focusRing}`}
                      >
                        <span class="font-medium">{group.name}</span>
                        <span class="block text-xs text-slate-600">
                          {group.visibility === "public" ? "Public" : "Internal"} ·{" "}
                          {group.entries.toLocaleString()} entries
                        </span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </section>

      <Show when={selectedId()} keyed>
        {(id) => (
          <Show when={groupById(id)}>
            {(group) => (
              <FaqGroupPanel
                api={props.api}
                group={group()}
                onChanged={changed}
                onDeleted={() => {
                  setSelectedId(null);
                  changed();
                }}
              />
            )}
          </Show>
        )}
      </Show>

      <FaqStatsView api={props.api} version={version()} />
    </div>
  );
}
