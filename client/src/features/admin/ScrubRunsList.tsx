import { For, Show, type JSX } from "solid-js";
import type { ScrubRunView } from "@staffroom/appservice/contract";

const STATUS_LABELS: Record<ScrubRunView["status"], string> = {
  running: "Running",
  succeeded: "Succeeded",
  partial: "Partly done",
  failed: "Failed",
};

const when = (iso: string | null): string => (iso === null ? "—" : new Date(iso).toLocaleString());

/** The recent scrub runs, newest first. */
export function ScrubRunsList(props: { runs: readonly ScrubRunView[] }): JSX.Element {
  return (
    <Show
      when={props.runs.length > 0}
      fallback={<p class="text-sm text-slate-600">No scrub runs yet.</p>}
    >
      <ul class="flex flex-col gap-2" aria-label="Recent runs">
        <For each={props.runs}>
          {(run) => (
            <li
              data-run-id={run.id}
              data-status={run.status}
              class="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm"
            >
              <p class="font-medium">
                {STATUS_LABELS[run.status]}
                <span class="font-normal text-slate-600">
                  {" "}
                  · {run.trigger === "manual"
                    ? `started by ${run.started_by ?? "?"}`
                    : "scheduled"}{" "}
                  · {run.scrub_days} days
                </span>
              </p>
              <p class="text-slate-700">
                Started {when(run.started_at)}, finished {when(run.finished_at)}
              </p>
              <p class="text-slate-700">
                {run.rooms} rooms, {run.events_purged} events purged, {run.media_deleted} media
                deleted, {run.errors.length} errors
              </p>
              <Show when={run.reason}>{(reason) => <p class="text-amber-800">{reason()}</p>}</Show>
              <Show when={run.errors.length > 0}>
                <ul class="mt-1 list-disc pl-5 text-red-700">
                  <For each={run.errors}>{(error) => <li>{error}</li>}</For>
                </ul>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
