import { createUniqueId, type JSX } from "solid-js";

/**
 * One titled group of chats in the Internal Chat list (Departments, Operators, All Staff).
 * A labelled region per group lets screen-reader users jump between groups.
 */
export function ChatGroup(props: { title: string; children: JSX.Element }): JSX.Element {
  const headingId = `chat-group-${createUniqueId()}`;
  return (
    <section aria-labelledby={headingId} class="flex flex-col gap-2">
      <h3 id={headingId} class="text-xs font-semibold tracking-wide text-slate-600 uppercase">
        {props.title}
      </h3>
      {props.children}
    </section>
  );
}
