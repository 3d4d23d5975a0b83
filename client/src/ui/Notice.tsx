import { splitProps, type JSX } from "solid-js";

/** How urgent a notice is; errors interrupt screen readers, the rest wait their turn. */
export type NoticeTone = "error" | "warning" | "info";

const tones: Record<NoticeTone, string> = {
  error: "border-red-200 bg-red-50 text-red-800",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  info: "border-sky-200 bg-sky-50 text-sky-900",
};

/**
 * A boxed message. Errors use `role="alert"` (announced at once); warnings and info use
 * `role="status"` (announced politely) so background notices never interrupt typing.
 */
export function Notice(
  props: JSX.HTMLAttributes<HTMLDivElement> & { tone: NoticeTone },
): JSX.Element {
  const [local, rest] = splitProps(props, ["tone", "class", "children"]);
  return (
    <div
      role={local.tone === "error" ? "alert" : "status"}
      {...rest}
      class={`rounded-md border px-3 py-2 text-sm ${tones[local.tone]} ${local.class ?? ""}`}
    >
      {local.children}
    </div>
  );
}
