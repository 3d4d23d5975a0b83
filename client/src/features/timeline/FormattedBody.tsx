import { createEffect, onCleanup, type JSX } from "solid-js";
import { makeLogger } from "../../lib/logger.ts";
import { MXC_IMAGE_ATTRIBUTE, sanitizeHtml } from "../../lib/sanitizeHtml.ts";
import { mentionedUserOf } from "../../lib/mentions.ts";
import type { MediaSource } from "../../matrix/media.ts";
import { PILL_CLASS } from "../composer/RichEditor.tsx";

const log = makeLogger("timeline");

/** Tailwind for the allowed formatting, since the reset removes list bullets, heading sizes… */
export const richTextClasses =
  "break-words [&_a]:text-teal-800 [&_a]:underline [&_blockquote]:border-l-4 " +
  "[&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-700 " +
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.9em] " +
  "[&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-2 " +
  "[&_ul]:list-disc [&_ul]:pl-5 [&_ol]:list-decimal [&_ol]:pl-5 [&_h1]:text-xl [&_h2]:text-lg " +
  "[&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_p]:my-1 " +
  "[&_table]:border-collapse [&_td]:border [&_td]:border-slate-300 [&_td]:px-2 " +
  "[&_th]:border [&_th]:border-slate-300 [&_th]:px-2 [&_img]:inline [&_img]:max-h-60";

/** Shows links to people (matrix.to pills, as Element sends mentions) as pills; yours stand out. */
function markPills(root: HTMLElement, myUserId: string): void {
  for (const link of root.querySelectorAll<HTMLAnchorElement>("a[href]")) {
    const userId = mentionedUserOf(link.getAttribute("href") ?? "");
    if (!userId) continue;
    link.className = PILL_CLASS;
    link.dataset["mention"] = userId;
    if (userId === myUserId) link.classList.add("bg-amber-100!", "text-amber-900!");
  }
}

/**
 * A message's `formatted_body`, run through {@link sanitizeHtml} before it touches the page.
 * Inline images the sanitizer kept (`mxc://` only) are fetched with the token and shown
 * through blob URLs, revoked when the message leaves the screen.
 */
export function FormattedBody(props: {
  html: string;
  /** The signed-in person: pills naming them are marked. */
  me: string;
  media: MediaSource;
}): JSX.Element {
  let container: HTMLDivElement | undefined;
  createEffect(() => {
    const root = container;
    if (!root) return;
    // Set here rather than through an innerHTML binding so sanitizing and inserting sit side by
    // side: nothing from the event reaches the DOM without passing the allow-list first.
    root.innerHTML = sanitizeHtml(props.html);
    markPills(root, props.me);
    const controller = new AbortController();
    const urls: string[] = [];
    onCleanup(() => {
      controller.abort();
      for (const url of urls) URL.revokeObjectURL(url);
    });
    for (const img of root.querySelectorAll<HTMLImageElement>(`img[${MXC_IMAGE_ATTRIBUTE}]`)) {
      const mxc = img.getAttribute(MXC_IMAGE_ATTRIBUTE) ?? "";
      props.media
        .load(mxc, {
          thumbnail: { width: 800, height: 600 },
          signal: controller.signal,
        })
        .then(
          (media) => {
            urls.push(media.url);
            img.src = media.url;
          },
          (error: unknown) => {
            if (controller.signal.aborted) return;
            log.warn("inline image could not be loaded", error);
            img.alt = img.alt ? `${img.alt} (image not available)` : "Image not available";
          },
        );
    }
  });
  return (
    <div
      ref={(el) => {
        container = el;
      }}
      class={richTextClasses}
    />
  );
}
