import { Match, Switch, type JSX } from "solid-js";
import { Button } from "../../ui/Button.tsx";
import { ProgressBar } from "../../ui/ProgressBar.tsx";
import { focusRing } from "../../ui/focusRing.ts";
import type { Attachment, AttachmentState } from "./createAttachment.ts";

/** Props of {@link AttachButton}. */
export type AttachButtonProps = { attachment: Attachment; disabled: boolean };

/** The paperclip: opens the file chooser and hands the file to the attachment flow. */
export function AttachButton(props: AttachButtonProps): JSX.Element {
  let input: HTMLInputElement | undefined;
  const busy = () => {
    const status = props.attachment.state().status;
    return status === "checking" || status === "uploading";
  };
  return (
    <>
      <input
        ref={(el) => (input = el)}
        type="file"
        class="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="attach-input"
        onChange={() => {
          const file = input?.files?.[0];
          if (input) input.value = "";
          if (file) void props.attachment.attach(file);
        }}
      />
      <button
        type="button"
        aria-label="Attach a file"
        disabled={props.disabled || busy()}
        onClick={() => input?.click()}
        class={`rounded-md p-2 text-slate-700 hover:bg-slate-100 disabled:text-slate-400 ${focusRing}`}
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          class="h-5 w-5"
          fill="none"
          stroke="currentColor"
          stroke-width="2"
          stroke-linecap="round"
          stroke-linejoin="round"
        >
          <path d="M21.44 11.05l-9.19 9.19a6 6 0 01-8.49-8.49l9.19-9.19a4 4 0 015.66 5.66l-9.2 9.19a2 2 0 01-2.83-2.83l8.49-8.48" />
        </svg>
      </button>
    </>
  );
}

/** The upload's progress bar with Cancel, or its failure with Dismiss. */
export function AttachmentStatus(props: { attachment: Attachment }): JSX.Element {
  const when = <S extends AttachmentState["status"]>(status: S) => {
    const s = props.attachment.state();
    return s.status === status ? (s as Extract<AttachmentState, { status: S }>) : undefined;
  };
  return (
    <Switch>
      <Match when={when("checking")}>
        {(s) => (
          <p role="status" class="text-sm text-slate-600">
            Checking {s().fileName}…
          </p>
        )}
      </Match>
      <Match when={when("uploading")}>
        {(s) => (
          <div class="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
            <span class="min-w-0 truncate" id="upload-label">
              Uploading {s().fileName}
            </span>
            <ProgressBar
              labelledBy="upload-label"
              percent={s().percent}
              valueText={`${s().percent}%`}
            />
            <span class="w-10 tabular-nums">{s().percent}%</span>
            <Button variant="ghost" class="px-2 py-1" onClick={() => props.attachment.cancel()}>
              Cancel
            </Button>
          </div>
        )}
      </Match>
      <Match when={when("failed")}>
        {(s) => (
          <div role="alert" class="flex flex-wrap items-center gap-3 text-sm text-red-800">
            <span>{s().message}</span>
            <Button variant="ghost" class="px-2 py-1" onClick={() => props.attachment.dismiss()}>
              Dismiss
            </Button>
          </div>
        )}
      </Match>
    </Switch>
  );
}
