import { onCleanup, onMount, type JSX } from "solid-js";

/**
 * The "New messages" line above the first message unread when the chat opened. Tells when it
 * has been on screen, so the "Jump to first unread" offer can go.
 */
export function NewMessagesLine(props: { onSeen(): void }): JSX.Element {
  let line: HTMLLIElement | undefined;
  onMount(() => {
    if (!line || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) props.onSeen();
    });
    observer.observe(line);
    onCleanup(() => observer.disconnect());
  });
  return (
    // A list item (the list holds only items), with the separator inside it.
    <li ref={(el) => (line = el)} data-new-messages="" class="scroll-mt-12 px-4 pt-3 pb-1">
      <div role="separator" aria-label="New messages" class="flex items-center gap-3">
        <span aria-hidden="true" class="h-px flex-1 bg-red-300" />
        <span class="text-xs font-semibold text-red-800">New messages</span>
        <span aria-hidden="true" class="h-px flex-1 bg-red-300" />
      </div>
    </li>
  );
}
