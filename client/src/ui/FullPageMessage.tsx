import { Show, type JSX } from "solid-js";
import { Spinner } from "./Spinner.tsx";

/**
 * A centred message filling the window: start-up progress, or an error that stops the app
 * (`tone="error"` renders it as an alert so screen readers announce it).
 */
export function FullPageMessage(props: {
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
        <Show when={props.tone !== "error"}>
          <Spinner class="size-6 text-teal-700" />
        </Show>
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
