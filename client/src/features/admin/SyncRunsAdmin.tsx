import { createResource, Show, type JSX } from "solid-js";
import type { SyncRunView } from "@staffroom/appservice/contract";
import type { StaffroomApi } from "../../api/apiClient.ts";
import { Button } from "../../ui/Button.tsx";
import { Notice } from "../../ui/Notice.tsx";
import { RunList } from "./RunList.tsx";

const STATUS_LABELS: Record<SyncRunView["status"], string> = {
  running: "Running",
  succeeded: "Succeeded",
  partial: "Partly done",
  failed: "Failed",
  busy: "Skipped (another pass was running)",
  interrupted: "Interrupted",
};

/** What a run's summary says in a few words (nothing for runs without one). */
function totals(run: SyncRunView): string {
  const summary = run.summary;
  if (summary === null) return "";
  const n = (key: string) => (typeof summary[key] === "number" ? summary[key] : 0);
  return run.dry_run
    ? `${n("actions")} actions planned`
    : `${n("actions")} actions, ${n("applied")} applied, ${n("failed")} failed`;
}

/** The recent membership-sync passes, newest first. */
export function SyncRunsList(props: { runs: readonly SyncRunView[] }): JSX.Element {
  return (
    <RunList
      runs={props.runs}
      label="Recent sync passes"
      empty="No sync passes yet."
      status={(run) => STATUS_LABELS[run.status]}
      meta={(run) => `· ${run.trigger}${run.dry_run ? " · dry run" : ""}`}
    >
      {(run) => (
        <>
          <Show when={run.reason}>{(reason) => <p class="text-amber-800">Why: {reason()}</p>}</Show>
          <Show when={totals(run)}>{(text) => <p class="text-slate-700">{text()}</p>}</Show>
        </>
      )}
    </RunList>
  );
}

/** Admin → Settings: the membership sync's recent passes, interrupted ones shown as such. */
export function SyncRunsAdmin(props: { api: Pick<StaffroomApi, "syncRuns"> }): JSX.Element {
  const [runs, { refetch }] = createResource(() => props.api.syncRuns());
  return (
    <section aria-labelledby="admin-sync-heading" class="flex flex-col gap-3">
      <h2 id="admin-sync-heading" class="text-base font-semibold">
        Membership sync
      </h2>
      <Show when={runs.state === "errored"}>
        <Notice tone="error" class="flex flex-wrap items-baseline gap-3">
          Could not load the sync passes.
          <Button variant="secondary" onClick={() => void refetch()}>
            Try again
          </Button>
        </Notice>
      </Show>
      <Show when={runs.state === "ready" ? runs() : undefined}>
        {(loaded) => <SyncRunsList runs={loaded().runs} />}
      </Show>
    </section>
  );
}
