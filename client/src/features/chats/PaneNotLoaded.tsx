import type { JSX } from "solid-js";
import { Button } from "../../ui/Button.tsx";

/** The pane's code could not be fetched (offline, or the server was updated meanwhile). */
export function PaneNotLoaded(): JSX.Element {
  return (
    <section
      aria-label="Conversation"
      class="flex min-h-64 flex-col items-center justify-center gap-3 rounded-lg border border-slate-200 bg-white p-6 text-center"
    >
      <p role="alert" class="text-sm text-red-800">
        The chat could not be loaded. Check the connection, then reload Staffroom.
      </p>
      <Button variant="secondary" onClick={() => location.reload()}>
        Reload
      </Button>
    </section>
  );
}
