import type { JSX } from "solid-js";

/** A small pill label such as "Admin". */
export function Badge(props: { children: JSX.Element; class?: string }): JSX.Element {
  return (
    <span
      class={`inline-flex items-center rounded-full bg-teal-50 px-2 py-0.5 text-xs font-semibold text-teal-800 ring-1 ring-teal-700/20 ring-inset ${props.class ?? ""}`}
    >
      {props.children}
    </span>
  );
}
