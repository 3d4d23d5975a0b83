import { createSignal, For, onMount, Show, type JSX } from "solid-js";
import type { FaqEntryView, FaqEntryWrite, FaqGroupView } from "@staffroom/appservice/contract";
import type { FaqAdminApi } from "../../../api/faqAdminApi.ts";
import { createAction } from "../../../lib/createAction.ts";
import { Button } from "../../../ui/Button.tsx";
import { ConfirmButton } from "../../../ui/ConfirmButton.tsx";
import { Notice } from "../../../ui/Notice.tsx";
import { FaqEntryDialog } from "./FaqEntryDialog.tsx";

/** Entries fetched per page. */
export const ENTRY_PAGE = 50;

/** Props of {@link FaqEntriesList}. */
export type FaqEntriesListProps = {
  api: Pick<FaqAdminApi, "faqEntries" | "saveFaqEntry" | "deleteFaqEntry">;
  group: FaqGroupView;
  /** Called after an entry was added, changed or deleted (the group's count changed). */
  onChanged: () => void;
  /** Lets the parent reload the list (after an import). */
  exposeReload?: (reload: () => Promise<void>) => void;
};

/** A group's entries, a page at a time, with New entry, Edit and Delete. */
export function FaqEntriesList(props: FaqEntriesListProps): JSX.Element {
  const [entries, setEntries] = createSignal<FaqEntryView[]>([]);
  const [total, setTotal] = createSignal<number | null>(null);
  const [editing, setEditing] = createSignal<FaqEntryView | "new" | null>(null);
  const [deleting, setDeleting] = createSignal<string | null>(null);

  const load = createAction("Loading FAQ entries", async (offset: number, limit: number) => {
    const page = await props.api.faqEntries(props.group.id, { offset, limit });
    setEntries((shown) => [...shown.slice(0, offset), ...page.entries]);
    setTotal(page.total);
  });
  // Reloads what is shown (at least one page), e.g. after an edit or an import.
  const reload = async (): Promise<void> => {
    await load.run(0, Math.max(ENTRY_PAGE, entries().length));
  };
  const remove = createAction("Deleting the FAQ entry", async (entry: FaqEntryView) => {
    setDeleting(entry.id);
    try {
      await props.api.deleteFaqEntry(props.group.id, entry.id);
    } finally {
      setDeleting(null);
    }
    setEntries((shown) => shown.filter((e) => e.id !== entry.id));
    setTotal((n) => (n === null ? n : n - 1));
    props.onChanged();
  });
  const saveEntry = async (entry: FaqEntryWrite): Promise<void> => {
    await props.api.saveFaqEntry(props.group.id, entry);
    await reload();
    props.onChanged();
  };
  onMount(() => {
    props.exposeReload?.(reload);
    void load.run(0, ENTRY_PAGE);
  });

  return (
    <section aria-labelledby="faq-entries-heading" class="flex flex-col gap-3">
      <div class="flex flex-wrap items-center justify-between gap-2">
        <h3 id="faq-entries-heading" class="text-sm font-semibold">
          Entries{total() === null ? "" : ` (${total()?.toLocaleString()})`}
        </h3>
        <Button onClick={() => setEditing("new")}>New entry</Button>
      </div>
      <Show when={load.error() ?? remove.error()}>
        {(message) => (
          <Notice tone="error" class="flex flex-wrap items-baseline gap-3">
            {message()}
            <Button variant="secondary" onClick={() => void reload()}>
              Try again
            </Button>
          </Notice>
        )}
      </Show>
      <Show when={total() === 0}>
        <p class="text-sm text-slate-600">No entries yet. Add one, or import a file.</p>
      </Show>
      <ul
        class="flex flex-col divide-y divide-slate-200 rounded-md border border-slate-200 bg-white empty:hidden"
        aria-label={`Entries of ${props.group.name}`}
      >
        <For each={entries()}>
          {(entry) => (
            <li
              class="flex flex-wrap items-start gap-x-3 gap-y-1 px-3 py-2 text-sm"
              data-entry-id={entry.id}
            >
              <div class="min-w-0 flex-1">
                <p class="font-medium text-slate-900">{entry.question}</p>
                <p class="text-xs text-slate-600">
                  {entry.id}
                  {entry.keywords === "" ? "" : ` · ${entry.keywords}`} · updated{" "}
                  {new Date(entry.updated_at).toLocaleDateString()}
                </p>
              </div>
              <Button
                variant="ghost"
                class="px-2 py-1"
                aria-label={`Edit ${entry.question}`}
                onClick={() => setEditing(entry)}
              >
                Edit
              </Button>
              <ConfirmButton
                label="Delete"
                ariaLabel={`Delete ${entry.question}`}
                question="Delete this entry?"
                busy={deleting() === entry.id}
                onConfirm={() => void remove.run(entry)}
              />
            </li>
          )}
        </For>
      </ul>
      <Show when={(total() ?? 0) > entries().length}>
        <Button
          class="self-start"
          busy={load.busy()}
          onClick={() => void load.run(entries().length, ENTRY_PAGE)}
        >
          Load more entries
        </Button>
      </Show>
      <Show when={editing()}>
        {(current) => (
          <FaqEntryDialog
            entry={current() === "new" ? undefined : (current() as FaqEntryView)}
            groupName={props.group.name}
            onClose={() => setEditing(null)}
            onSave={saveEntry}
          />
        )}
      </Show>
    </section>
  );
}
