import { Show, type JSX } from "solid-js";

// The guest page's building blocks. Deliberately its own (not src/ui/): anything the guest page
// shares with the sign-in screen would be split out of the first screen's chunk and push it
// over its size budget (tests/e2e/fastStart.spec.ts).

/** Tailwind classes of the guest page's primary button (as the app's primary Button). */
export const GUEST_BUTTON =
  "inline-flex items-center justify-center gap-2 rounded-md bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-800 disabled:bg-teal-700/60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";

/** A centred message filling the window; errors are alerts, the rest polite status. */
export function GuestScreen(props: {
  title: string;
  tone?: "progress" | "error";
  children?: JSX.Element;
}): JSX.Element {
  return (
    <main class="flex min-h-dvh items-center justify-center bg-slate-100 px-4">
      <div
        role={props.tone === "error" ? "alert" : "status"}
        class="flex max-w-md flex-col items-center gap-3 text-center"
      >
        <p
          class="text-base font-medium"
          classList={{
            "text-red-800": props.tone === "error",
            "text-slate-800": props.tone !== "error",
          }}
        >
          {props.title}
        </p>
        <Show when={props.children}>
          <div class="text-sm text-slate-600">{props.children}</div>
        </Show>
      </div>
    </main>
  );
}
