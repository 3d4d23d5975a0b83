import type { JSX } from "solid-js";

/** A small spinning circle; decorative, so screen readers skip it (pair it with text). */
export function Spinner(props: { class?: string }): JSX.Element {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      class={`size-4 animate-spin motion-reduce:animate-none ${props.class ?? ""}`}
    >
      <circle
        cx="12"
        cy="12"
        r="9"
        fill="none"
        stroke="currentColor"
        stroke-opacity="0.25"
        stroke-width="3"
      />
      <path
        d="M21 12a9 9 0 0 0-9-9"
        fill="none"
        stroke="currentColor"
        stroke-width="3"
        stroke-linecap="round"
      />
    </svg>
  );
}
