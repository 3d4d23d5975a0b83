import { For, Show, type JSX } from "solid-js";
import { focusRing } from "../../ui/focusRing.ts";
import type { StagedFiles } from "./createStagedFiles.ts";
import { formatFileSize } from "./fileSize.ts";

/** The files waiting for Send: thumbnail or file mark, name, size, and a Remove button each. */
export function StagedFilesTray(props: { staged: StagedFiles }): JSX.Element {
  return (
    <Show when={props.staged.files().length > 0}>
      <ul aria-label="Files to send" class="flex flex-wrap gap-2">
        <For each={props.staged.files()}>
          {(staged) => (
            <li
              class="flex max-w-64 items-center gap-2 rounded-md border bg-white p-1.5 pr-1 text-sm"
              classList={{
                "border-slate-200": !staged.problem,
                "border-red-300": staged.problem !== undefined,
              }}
            >
              <Show
                when={staged.previewUrl}
                fallback={
                  <span
                    aria-hidden="true"
                    class="flex h-10 w-10 shrink-0 items-center justify-center rounded bg-slate-100 text-lg"
                  >
                    📄
                  </span>
                }
              >
                {(url) => (
                  <img src={url()} alt="" class="h-10 w-10 shrink-0 rounded object-cover" />
                )}
              </Show>
              <span class="min-w-0 flex-1">
                <span class="block truncate font-medium text-slate-900">{staged.file.name}</span>
                <span class="block text-xs text-slate-600">{formatFileSize(staged.file.size)}</span>
                <Show when={staged.problem}>
                  {(problem) => <span class="block text-xs text-red-800">{problem()}</span>}
                </Show>
              </span>
              <button
                type="button"
                aria-label={`Remove ${staged.file.name}`}
                title="Remove"
                class={`flex h-7 w-7 shrink-0 items-center justify-center rounded text-slate-600 hover:bg-slate-100 ${focusRing}`}
                onClick={() => props.staged.remove(staged.id)}
              >
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
