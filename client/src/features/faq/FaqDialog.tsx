import { createSignal, For, Match, Show, Switch, type JSX } from "solid-js";
import { Button } from "../../ui/Button.tsx";
import { ModalDialog } from "../../ui/ModalDialog.tsx";
import { fieldClass } from "../../ui/fieldClass.ts";
import { focusRing } from "../../ui/focusRing.ts";
import type { FaqHit } from "./createFaqSearch.ts";
import { SanitizedHtml } from "./SanitizedHtml.tsx";

/** Props of {@link FaqDialog}. */
export type FaqDialogProps = {
  /** The group names for the filter; undefined while loading. */
  groups: string[] | undefined;
  query: string;
  group: string;
  onQuery(value: string): void;
  onGroup(value: string): void;
  results: FaqHit[] | undefined;
  loading: boolean;
  error: string | null;
  onRetry(): void;
  sharing: boolean;
  shareError: string | null;
  onShare(hit: FaqHit): void;
  onClose(): void;
};

/**
 * The modal FAQ search of the composer: search as you type, a group filter, results with the
 * matching words highlighted, a preview of the chosen entry and Share. A native `<dialog>`
 * (`showModal()`) makes the page inert; Tab wraps inside it and Escape closes it.
 */
export function FaqDialog(props: FaqDialogProps): JSX.Element {
  let search: HTMLInputElement | undefined;
  const [selectedId, setSelectedId] = createSignal<string | null>(null);
  const selected = () => {
    const hits = props.results ?? [];
    return hits.find((hit) => hit.id === selectedId()) ?? hits[0];
  };

  return (
    <ModalDialog
      titleId="faq-dialog-title"
      title="FAQs"
      widthClass="w-[min(48rem,calc(100vw-2rem))]"
      onClose={() => props.onClose()}
      onOpen={() => search?.focus()}
    >
      <div class="flex flex-wrap gap-3 border-b border-slate-200 px-4 py-3">
        <label class="flex min-w-48 flex-1 flex-col gap-1 text-sm font-medium text-slate-800">
          Search FAQs
          <input
            ref={(el) => (search = el)}
            type="search"
            class={fieldClass}
            value={props.query}
            onInput={(event) => props.onQuery(event.currentTarget.value)}
          />
        </label>
        <label class="flex flex-col gap-1 text-sm font-medium text-slate-800">
          Group
          <select
            class={fieldClass}
            value={props.group}
            onChange={(event) => props.onGroup(event.currentTarget.value)}
          >
            <option value="">All groups</option>
            <For each={props.groups ?? []}>{(name) => <option value={name}>{name}</option>}</For>
          </select>
        </label>
      </div>
      <div class="grid max-h-[60vh] gap-3 overflow-y-auto px-4 py-3 sm:grid-cols-2">
        <div>
          <Show when={props.error}>
            {(message) => (
              <div role="alert" class="mb-3 flex flex-wrap items-center gap-2 text-sm text-red-800">
                <span>{message()}</span>
                <Button variant="secondary" class="px-2 py-1" onClick={() => props.onRetry()}>
                  Try again
                </Button>
              </div>
            )}
          </Show>
          <p role="status" class="mb-2 text-sm text-slate-600">
            {props.loading ? "Searching…" : ""}
          </p>
          <Switch>
            <Match when={props.results?.length === 0}>
              <p class="text-sm text-slate-600">No FAQs match.</p>
            </Match>
            <Match when={props.results}>
              {(hits) => (
                <ul aria-label="FAQ results" class="flex flex-col gap-1">
                  <For each={hits()}>
                    {(hit) => (
                      <li>
                        <button
                          type="button"
                          aria-pressed={selected()?.id === hit.id}
                          data-faq-id={hit.id}
                          class={`w-full rounded-md px-2 py-1.5 text-left hover:bg-slate-50 aria-pressed:bg-teal-50 ${focusRing}`}
                          onClick={() => setSelectedId(hit.id)}
                        >
                          <span class="block text-sm font-medium">{hit.question}</span>
                          <span class="block text-xs text-slate-600">{hit.group}</span>
                          <SanitizedHtml inline html={hit.snippet} class="text-xs text-slate-700" />
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              )}
            </Match>
          </Switch>
        </div>
        <Show when={selected()}>
          {(hit) => (
            <section aria-label="FAQ preview" class="rounded-md border border-slate-200 p-3">
              <h3 class="font-semibold">{hit().question}</h3>
              <p class="text-xs text-slate-600">{hit().group}</p>
              <SanitizedHtml html={hit().answer} class="mt-2 text-sm" />
              <Show when={hit().url}>
                {(url) => (
                  <a
                    href={url()}
                    target="_blank"
                    rel="noopener noreferrer"
                    class={`mt-2 inline-block text-sm text-teal-800 underline ${focusRing}`}
                  >
                    Read more
                  </a>
                )}
              </Show>
              <Show when={props.shareError}>
                {(message) => (
                  <p role="alert" class="mt-2 text-sm text-red-800">
                    {message()}
                  </p>
                )}
              </Show>
              <div class="mt-3">
                <Button variant="primary" busy={props.sharing} onClick={() => props.onShare(hit())}>
                  Share
                </Button>
              </div>
            </section>
          )}
        </Show>
      </div>
    </ModalDialog>
  );
}
