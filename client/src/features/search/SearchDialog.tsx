import {
  createMemo,
  createSignal,
  createUniqueId,
  For,
  Match,
  Show,
  Switch,
  type JSX,
} from "solid-js";
import { highlightSegments } from "../../lib/highlightSegments.ts";
import { formatFullTime } from "../../lib/timeFormat.ts";
import type { SearchHit } from "../../matrix/searchQuery.ts";
import { Button } from "../../ui/Button.tsx";
import { fieldClass } from "../../ui/fieldClass.ts";
import { focusRing } from "../../ui/focusRing.ts";
import { ModalDialog } from "../../ui/ModalDialog.tsx";
import { Notice } from "../../ui/Notice.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import { createSearch, type SearchPort } from "./createSearch.ts";

/** Props of {@link SearchDialog}. */
export type SearchDialogProps = {
  search: SearchPort;
  /** The chat open now, offered as "only in this chat". */
  openChat?: { roomId: string; title: string };
  /** A result was chosen: open its chat at that message. */
  onOpen(hit: SearchHit): void;
  onClose(): void;
};

/** The matched words marked in a result, as text nodes and `<mark>`: nothing is parsed as HTML. */
function Marked(props: { text: string; words: readonly string[] }): JSX.Element {
  return (
    <For each={highlightSegments(props.text, props.words)}>
      {(segment) =>
        segment.match ? (
          <mark class="rounded-sm bg-amber-200 px-0.5 text-slate-900">{segment.text}</mark>
        ) : (
          segment.text
        )
      }
    </For>
  );
}

/**
 * Searching the history of every chat (or the open one): results grouped by chat with sender,
 * time and the matched words marked; **Load more results** pages on; a result opens its chat at
 * the message.
 */
export function SearchDialog(props: SearchDialogProps): JSX.Element {
  const titleId = createUniqueId();
  // eslint-disable-next-line solid/reactivity -- the port is fixed for the dialog's life
  const search = createSearch(props.search);
  const [term, setTerm] = createSignal("");
  const [onlyHere, setOnlyHere] = createSignal(false);
  let input: HTMLInputElement | undefined;

  const submit = (event: Event): void => {
    event.preventDefault();
    const here = onlyHere() ? props.openChat?.roomId : undefined;
    void search.run(term(), here);
  };
  const groups = createMemo(() => {
    const state = search.state();
    if (state.status !== "done") return [];
    const byRoom = new Map<string, SearchHit[]>();
    for (const hit of state.hits) byRoom.set(hit.roomId, [...(byRoom.get(hit.roomId) ?? []), hit]);
    return [...byRoom.values()];
  });
  const words = () => {
    const state = search.state();
    return state.status === "done" ? [...state.highlights, ...state.term.split(/\s+/)] : [];
  };

  return (
    <ModalDialog
      titleId={titleId}
      title="Search messages"
      widthClass="w-[min(40rem,calc(100vw-2rem))]"
      onClose={() => props.onClose()}
      onOpen={() => input?.focus()}
    >
      <form role="search" class="flex flex-col gap-3" onSubmit={submit}>
        <div class="flex gap-2">
          <input
            ref={(el) => (input = el)}
            type="search"
            aria-label="Words to search for"
            placeholder="Words to search for"
            class={`${fieldClass} min-w-0 flex-1`}
            value={term()}
            onInput={(event) => setTerm(event.currentTarget.value)}
          />
          <Button type="submit" variant="primary" busy={search.state().status === "searching"}>
            Search
          </Button>
        </div>
        <Show when={props.openChat}>
          {(chat) => (
            <label class="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={onlyHere()}
                onChange={(event) => setOnlyHere(event.currentTarget.checked)}
              />
              Only in {chat().title}
            </label>
          )}
        </Show>
      </form>
      <div class="mt-4 max-h-[60vh] overflow-y-auto" aria-live="polite">
        <Switch>
          <Match when={search.state().status === "empty-query"}>
            <p class="text-sm text-slate-700">Type a word or two to search for.</p>
          </Match>
          <Match when={search.state().status === "searching"}>
            <p role="status" class="flex items-center gap-2 text-sm text-slate-600">
              <Spinner /> Searching…
            </p>
          </Match>
          <Match when={search.state().status === "failed" && search.state()}>
            {(state) => <Notice tone="error">{(state() as { message: string }).message}</Notice>}
          </Match>
          <Match when={search.state().status === "done" && groups().length === 0}>
            <p class="text-sm text-slate-700">No messages match “{term().trim()}”.</p>
          </Match>
          <Match when={search.state().status === "done"}>
            <For each={groups()}>
              {(hits) => (
                <section aria-label={hits[0]?.roomName} class="mb-4">
                  <h3 class="mb-1 text-sm font-semibold text-slate-900">{hits[0]?.roomName}</h3>
                  <ul class="flex flex-col gap-1">
                    <For each={hits}>
                      {(hit) => (
                        <li>
                          <button
                            type="button"
                            class={`w-full rounded-md px-2 py-1.5 text-left text-sm hover:bg-slate-50 ${focusRing}`}
                            onClick={() => props.onOpen(hit)}
                          >
                            <span class="font-medium text-slate-900">{hit.senderName}</span>{" "}
                            <time
                              class="text-xs text-slate-600"
                              dateTime={new Date(hit.ts).toISOString()}
                            >
                              {formatFullTime(hit.ts)}
                            </time>
                            <span class="mt-0.5 line-clamp-3 block break-words whitespace-pre-wrap text-slate-800">
                              <Marked text={hit.body} words={words()} />
                            </span>
                          </button>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              )}
            </For>
            <Show
              when={search.state().status === "done" && (search.state() as { more: boolean }).more}
            >
              <Button
                variant="secondary"
                busy={search.loadingMore()}
                onClick={() => void search.more()}
              >
                Load more results
              </Button>
            </Show>
            <Show when={search.moreError()}>
              {(message) => <Notice tone="error">{message()}</Notice>}
            </Show>
          </Match>
        </Switch>
      </div>
    </ModalDialog>
  );
}
