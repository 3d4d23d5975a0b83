import { createSignal, For, Match, Show, Switch, type JSX } from "solid-js";
import type { FaqImportError, FaqImportResponse } from "@staffroom/appservice/contract";
import type { FaqAdminApi } from "../../../api/faqAdminApi.ts";
import { FaqImportRefused, type FaqImportProgress } from "../../../api/faqImportUpload.ts";
import { userMessageOf } from "../../../lib/userFacingError.ts";
import { Button } from "../../../ui/Button.tsx";
import { focusRing } from "../../../ui/focusRing.ts";
import { Notice } from "../../../ui/Notice.tsx";
import { ProgressBar } from "../../../ui/ProgressBar.tsx";
import { Spinner } from "../../../ui/Spinner.tsx";

/** How many problems are listed before "and N more". */
const SHOWN_PROBLEMS = 20;

type ImportState =
  | { status: "idle" }
  | { status: "running"; file: string; progress: FaqImportProgress }
  | { status: "done"; file: string; result: FaqImportResponse }
  | { status: "refused"; file: string; message: string; problems: FaqImportError[]; total: number }
  | { status: "failed"; file: string; message: string };

/** Props of {@link FaqImportForm}. */
export type FaqImportFormProps = {
  api: Pick<FaqAdminApi, "importFaqFile">;
  groupId: number;
  groupName: string;
  /** Called after entries were written. */
  onImported: () => void;
};

const count = (n: number): string => n.toLocaleString();

/**
 * Imports a CSV or JSON file into a group: upload progress, then the server's write progress,
 * then what happened. A file with bad rows is refused whole, each problem listed by line.
 */
export function FaqImportForm(props: FaqImportFormProps): JSX.Element {
  const [file, setFile] = createSignal<File | undefined>();
  const [skipInvalid, setSkipInvalid] = createSignal(false);
  const [state, setState] = createSignal<ImportState>({ status: "idle" });
  const running = () => state().status === "running";
  const when = <S extends ImportState["status"]>(status: S) => {
    const s = state();
    return s.status === status ? (s as Extract<ImportState, { status: S }>) : undefined;
  };

  const start = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const chosen = file();
    if (chosen === undefined || running()) return;
    const name = chosen.name;
    setState({ status: "running", file: name, progress: { phase: "uploading", percent: 0 } });
    try {
      const result = await props.api.importFaqFile(props.groupId, chosen, {
        skipInvalid: skipInvalid(),
        onProgress: (progress) => setState({ status: "running", file: name, progress }),
      });
      setState({ status: "done", file: name, result });
      props.onImported();
    } catch (error) {
      const message = userMessageOf(error, "The import stopped unexpectedly. Try again.");
      setState(
        error instanceof FaqImportRefused
          ? { status: "refused", file: name, message, problems: error.problems, total: error.total }
          : { status: "failed", file: name, message },
      );
    }
  };

  return (
    <section aria-labelledby="faq-import-heading" class="flex flex-col gap-3">
      <h3 id="faq-import-heading" class="text-sm font-semibold">
        Import a file into {props.groupName}
      </h3>
      <form class="flex flex-wrap items-end gap-3" onSubmit={(event) => void start(event)}>
        <label class="flex flex-col gap-1.5 text-sm font-medium text-slate-800">
          FAQ file (CSV or JSON)
          <input
            type="file"
            accept=".csv,.json,text/csv,application/json"
            disabled={running()}
            class={`text-sm ${focusRing}`}
            onChange={(event) => setFile(event.currentTarget.files?.[0])}
          />
        </label>
        <label class="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            class="size-4 accent-teal-700"
            checked={skipInvalid()}
            onChange={(event) => setSkipInvalid(event.currentTarget.checked)}
          />
          Skip bad rows and import the rest
        </label>
        <Button type="submit" variant="primary" disabled={file() === undefined} busy={running()}>
          Import
        </Button>
      </form>
      <p class="text-xs text-slate-600">
        Columns <code>id,question,answer,url,keywords</code> (more are ignored), or a JSON array of
        objects with those keys. Importing again updates entries with the same id. Up to 50 MB.
      </p>
      <Switch>
        <Match when={when("running")}>
          {(s) => <ImportProgress file={s().file} progress={s().progress} />}
        </Match>
        <Match when={when("done")}>
          {(s) => (
            <Notice tone="info" data-testid="faq-import-result">
              Imported {count(s().result.imported)} entries from {s().file}:{" "}
              {count(s().result.created)} new, {count(s().result.updated)} updated
              {s().result.skipped > 0 ? `, ${count(s().result.skipped)} bad rows skipped` : ""}.
              <ProblemList problems={s().result.errors} total={s().result.error_count} />
            </Notice>
          )}
        </Match>
        <Match when={when("refused")}>
          {(s) => (
            <Notice tone="error">
              Nothing was imported from {s().file}: {count(s().total)} problem
              {s().total === 1 ? "" : "s"}. Fix the file, or choose “Skip bad rows”.
              <ProblemList problems={s().problems} total={s().total} />
            </Notice>
          )}
        </Match>
        <Match when={when("failed")}>
          {(s) => (
            <Notice tone="error">
              Could not import {s().file}. {s().message}
            </Notice>
          )}
        </Match>
      </Switch>
    </section>
  );
}

function ImportProgress(props: { file: string; progress: FaqImportProgress }): JSX.Element {
  const p = () => props.progress;
  return (
    <div class="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
      <Switch>
        <Match when={p().phase === "checking"}>
          <span role="status" class="flex items-center gap-2">
            <Spinner /> Checking {props.file}…
          </span>
        </Match>
        <Match when={p().phase === "uploading" || p().phase === "writing"}>
          <span id="faq-import-progress-label">
            {p().phase === "uploading" ? `Uploading ${props.file}` : "Saving entries"}
          </span>
          <ProgressBar
            labelledBy="faq-import-progress-label"
            class="w-48"
            percent={percentOf(p())}
            valueText={valueText(p())}
          />
          <span class="tabular-nums">{valueText(p())}</span>
        </Match>
      </Switch>
    </div>
  );
}

function percentOf(progress: FaqImportProgress): number {
  if (progress.phase === "uploading") return progress.percent;
  if (progress.phase === "writing")
    return progress.total === 0 ? 100 : (progress.done / progress.total) * 100;
  return 0;
}

function valueText(progress: FaqImportProgress): string {
  if (progress.phase === "uploading") return `${progress.percent}%`;
  if (progress.phase === "writing") return `${count(progress.done)} of ${count(progress.total)}`;
  return "";
}

function ProblemList(props: { problems: readonly FaqImportError[]; total: number }): JSX.Element {
  const more = () => Math.max(props.total, props.problems.length) - SHOWN_PROBLEMS;
  return (
    <Show when={props.problems.length > 0}>
      <ul class="mt-1 list-disc pl-5" aria-label="Problems in the file">
        <For each={props.problems.slice(0, SHOWN_PROBLEMS)}>
          {(problem) => (
            <li>
              {problem.location}, {problem.field}: {problem.message}
            </li>
          )}
        </For>
      </ul>
      <Show when={more() > 0}>
        <p>…and {count(more())} more.</p>
      </Show>
    </Show>
  );
}
