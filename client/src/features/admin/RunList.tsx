import { For, Show, type JSX } from "solid-js";

/** What every run (membership sync, scrub) shows in a list. */
export type ListedRun = {
  id: string;
  status: string;
  started_at: string;
  finished_at: string | null;
};

/** A time as the admin's locale writes it, "—" when there is none (a run still going). */
export const when = (iso: string | null): string =>
  iso === null ? "—" : new Date(iso).toLocaleString();

/**
 * Recent runs, newest first: each with its status, a line of what started it, when it started
 * and finished, and the run kind's own details below.
 */
export function RunList<R extends ListedRun>(props: {
  runs: readonly R[];
  /** The list's accessible name. */
  label: string;
  /** What the list says when there is no run yet. */
  empty: string;
  status: (run: R) => string;
  /** After the status, e.g. "· scheduled · 30 days". */
  meta: (run: R) => string;
  children: (run: R) => JSX.Element;
}): JSX.Element {
  return (
    <Show
      when={props.runs.length > 0}
      fallback={<p class="text-sm text-slate-600">{props.empty}</p>}
    >
      <ul class="flex flex-col gap-2" aria-label={props.label}>
        <For each={props.runs}>
          {(run) => (
            <li
              data-run-id={run.id}
              data-status={run.status}
              class="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm"
            >
              <p class="font-medium">
                {props.status(run)}
                <span class="font-normal text-slate-600"> {props.meta(run)}</span>
              </p>
              <p class="text-slate-700">
                Started {when(run.started_at)}, finished {when(run.finished_at)}
              </p>
              {props.children(run)}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
