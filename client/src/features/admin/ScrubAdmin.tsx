import { createResource, createSignal, onCleanup, Show, type JSX } from "solid-js";
import type { AdminSettings, ScrubPreviewResponse } from "@staffroom/appservice/contract";
import type { StaffroomApi } from "../../api/apiClient.ts";
import { createAction } from "../../lib/createAction.ts";
import { Button } from "../../ui/Button.tsx";
import { ConfirmDialog } from "../../ui/ConfirmDialog.tsx";
import { Notice } from "../../ui/Notice.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import { ScrubPreviewTable } from "./ScrubPreviewTable.tsx";
import { ScrubRunsList } from "./ScrubRunsList.tsx";
import { ScrubSettingsForm } from "./ScrubSettingsForm.tsx";
import { runNowQuestion } from "./scrubText.ts";

/** How often Recent runs is refreshed while a run is going on. */
const POLL_MS = 2_000;

/** Props of {@link ScrubAdmin}. */
export type ScrubAdminProps = {
  api: Pick<
    StaffroomApi,
    "adminSettings" | "saveAdminSettings" | "previewScrub" | "runScrub" | "scrubRuns"
  >;
};

/**
 * Admin → Settings: the scrub-retention setting, a preview of what a run would
 * remove, Run now, and the recent runs (refreshed while one is running). Run now previews
 * first and asks, naming the cutoff the server reports and the number of rooms; only
 * confirming starts the run.
 */
export function ScrubAdmin(props: ScrubAdminProps): JSX.Element {
  const [settings, { refetch: reloadSettings, mutate: setSettings }] = createResource(() =>
    props.api.adminSettings(),
  );
  const [runs, { refetch: reloadRuns }] = createResource(() => props.api.scrubRuns());
  const [preview, setPreview] = createSignal<ScrubPreviewResponse | null>(null);
  // The fresh preview Run now asks about, while the question is open.
  const [asking, setAsking] = createSignal<ScrubPreviewResponse | null>(null);

  let runButton: HTMLButtonElement | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void Promise.resolve(reloadRuns()).then((latest) => {
        if (latest?.runs.some((run) => run.status === "running") === true) poll();
      });
    }, POLL_MS);
  };
  onCleanup(() => clearTimeout(timer));

  const saveSettings = async (next: AdminSettings): Promise<AdminSettings> => {
    const saved = await props.api.saveAdminSettings(next);
    setSettings(saved);
    setPreview(null);
    return saved;
  };
  const loadPreview = createAction("Previewing the scrub", async () => {
    setPreview(await props.api.previewScrub());
  });
  const askRun = createAction("Checking what a run would remove", async () => {
    const current = await props.api.previewScrub();
    setPreview(current);
    setAsking(current);
  });
  const runNow = createAction("Starting a scrub run", async () => {
    await props.api.runScrub();
    await reloadRuns();
    poll();
  });
  // Preview and Run now answer 409 while scrubbing is off, so they wait for a saved setting.
  const scrubOff = () => settings.state !== "ready" || settings()?.scrub_days === null;

  return (
    <div class="flex flex-col gap-6">
      <section aria-labelledby="admin-settings-heading" class="flex flex-col gap-3">
        <h2 id="admin-settings-heading" class="text-base font-semibold">
          Settings
        </h2>
        <Show when={settings.state === "errored"}>
          <Notice tone="error" class="flex flex-wrap items-baseline gap-3">
            Could not load the settings.
            <Button variant="secondary" onClick={() => void reloadSettings()}>
              Try again
            </Button>
          </Notice>
        </Show>
        <Show when={settings.state === "pending"}>
          <LoadingLine />
        </Show>
        <Show when={settings.state === "ready" && settings()}>
          {(current) => (
            <ScrubSettingsForm scrubDays={current().scrub_days} onSave={saveSettings} />
          )}
        </Show>
      </section>

      <section aria-labelledby="admin-scrub-heading" class="flex flex-col gap-3">
        <h2 id="admin-scrub-heading" class="text-base font-semibold">
          Scrub now
        </h2>
        <Show when={settings.state === "ready" && settings()?.scrub_days === null}>
          <p class="text-sm text-slate-600">
            Scrubbing is off. Tick “Scrub internal chat messages” above and save to preview or run
            it.
          </p>
        </Show>
        <div class="flex flex-wrap gap-3">
          <Button
            disabled={scrubOff()}
            busy={loadPreview.busy()}
            onClick={() => void loadPreview.run()}
          >
            Preview
          </Button>
          <Button
            variant="primary"
            disabled={scrubOff()}
            ref={(el) => (runButton = el)}
            busy={askRun.busy() || runNow.busy()}
            onClick={() => void askRun.run()}
          >
            Run now
          </Button>
        </div>
        <Show when={loadPreview.error() ?? askRun.error() ?? runNow.error()}>
          {(message) => <Notice tone="error">{message()}</Notice>}
        </Show>
        <Show when={asking()}>
          {(current) => (
            <ConfirmDialog
              title="Delete chat history?"
              message={runNowQuestion(current().cutoff_ts, current().rooms.length)}
              confirmLabel="Delete history"
              onCancel={() => setAsking(null)}
              returnFocus={() => runButton}
              onConfirm={() => {
                setAsking(null);
                void runNow.run();
              }}
            />
          )}
        </Show>
        <Show when={preview()}>{(current) => <ScrubPreviewTable preview={current()} />}</Show>
      </section>

      <section aria-labelledby="admin-runs-heading" class="flex flex-col gap-3">
        <h2 id="admin-runs-heading" class="text-base font-semibold">
          Recent runs
        </h2>
        <Show when={runs.state === "errored"}>
          <Notice tone="error">Could not load the recent runs.</Notice>
        </Show>
        <Show when={runs.state === "pending"}>
          <LoadingLine />
        </Show>
        <Show when={(runs.state === "ready" || runs.state === "refreshing") && runs.latest}>
          {(latest) => <ScrubRunsList runs={latest().runs} />}
        </Show>
      </section>
    </div>
  );
}

function LoadingLine(): JSX.Element {
  return (
    <p class="flex items-center gap-2 text-sm text-slate-600" role="status">
      <Spinner /> Loading…
    </p>
  );
}
