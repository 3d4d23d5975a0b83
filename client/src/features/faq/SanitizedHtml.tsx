import { createEffect, Show, type JSX } from "solid-js";
import { sanitizeHtml } from "../../lib/sanitizeHtml.ts";
import { richTextClasses } from "../timeline/FormattedBody.tsx";

/** Props of {@link SanitizedHtml}. */
export type SanitizedHtmlProps = {
  /** Untrusted HTML. */
  html: string;
  class?: string;
  /** Renders a `<span>` (for phrasing-only places such as inside a button). */
  inline?: boolean;
};

/**
 * HTML from the server or an event (FAQ snippets and answers), run through {@link sanitizeHtml}
 * right before it is inserted, so nothing reaches the page without the allow-list (plus `<mark>`,
 * which search answers put around the matching words).
 */
export function SanitizedHtml(props: SanitizedHtmlProps): JSX.Element {
  let container: HTMLElement | undefined;
  createEffect(() => {
    if (container) container.innerHTML = sanitizeHtml(props.html, ["mark"]);
  });
  const classes = () =>
    `${richTextClasses} [&_mark]:rounded-sm [&_mark]:bg-amber-200 ${props.class ?? ""}`;
  const setRef = (el: HTMLElement): void => {
    container = el;
  };
  return (
    <Show when={props.inline} fallback={<div ref={setRef} class={classes()} />}>
      <span ref={setRef} class={`block ${classes()}`} />
    </Show>
  );
}
