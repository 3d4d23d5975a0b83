import { Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import { formatFileSize } from "../../lib/timeFormat.ts";
import { createMediaUrl, type MediaSource } from "../../matrix/media.ts";
import type { FileInfo } from "../../matrix/timelineItems.ts";
import { focusRing } from "../../ui/focusRing.ts";

/** A download button for an attachment: name and size; saves it under its name. */
export function FileDownload(props: { media: MediaSource; file: FileInfo }): JSX.Element {
  const download = createAction("Downloading the file", () =>
    props.media.download(props.file.mxc, props.file.name),
  );
  const size = () => (props.file.size === undefined ? "" : formatFileSize(props.file.size));
  return (
    <div class="flex flex-col items-start gap-1">
      <button
        type="button"
        onClick={() => void download.run()}
        aria-busy={download.busy()}
        class={`inline-flex max-w-full items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-50 ${focusRing}`}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" class="size-4 shrink-0 text-slate-500">
          <path
            fill="currentColor"
            d="M10 2a1 1 0 0 1 1 1v8.6l2.3-2.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L9 11.6V3a1 1 0 0 1 1-1ZM4 16a1 1 0 1 0 0 2h12a1 1 0 1 0 0-2H4Z"
          />
        </svg>
        {/* The name is the visible text plus "Download" (WCAG 2.5.3, label in name). */}
        <span class="sr-only">Download </span>
        <span class="truncate font-medium">{props.file.name}</span>
        <Show when={size()}>
          {" "}
          <span class="shrink-0 text-slate-600">{size()}</span>
        </Show>
      </button>
      <Show when={download.error()}>
        {(message) => (
          <p role="alert" class="text-sm text-red-800">
            {message()}
          </p>
        )}
      </Show>
    </div>
  );
}

/** An image shown inline (a thumbnail through a blob URL), with its download button below. */
export function InlineImage(props: { media: MediaSource; file: FileInfo }): JSX.Element {
  // The media source lives as long as the chat; reading it once is right.
  // eslint-disable-next-line solid/reactivity
  const image = createMediaUrl(props.media, () => props.file.mxc, { width: 800, height: 600 });
  // Reserving the image's box before it loads keeps the timeline from jumping under the reader.
  const ratio = () =>
    props.file.width && props.file.height ? `${props.file.width} / ${props.file.height}` : "4 / 3";
  return (
    <figure class="flex flex-col items-start gap-1">
      <Show
        when={image.url()}
        fallback={
          <div
            class="flex w-64 max-w-full items-center justify-center rounded-md bg-slate-100 text-sm text-slate-600"
            style={{ "aspect-ratio": ratio() }}
          >
            {image.error() ?? "Loading image…"}
          </div>
        }
      >
        {(src) => (
          <img
            src={src()}
            alt={props.file.name}
            class="max-h-80 max-w-full rounded-md border border-slate-200 object-contain"
            style={{ width: props.file.width ? `min(${props.file.width}px, 100%)` : undefined }}
          />
        )}
      </Show>
      <FileDownload media={props.media} file={props.file} />
    </figure>
  );
}
