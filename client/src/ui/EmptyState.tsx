import type { JSX } from "solid-js";

/** The friendly line shown where a list has nothing in it yet. */
export function EmptyState(props: { title: string; children?: JSX.Element }): JSX.Element {
  return (
    <div class="rounded-md border border-dashed border-slate-300 px-3 py-3 text-sm text-slate-600">
      <p class="font-medium text-slate-700">{props.title}</p>
      {props.children !== undefined && <p class="mt-0.5 text-slate-600">{props.children}</p>}
    </div>
  );
}
