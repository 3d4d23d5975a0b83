/** Tailwind classes for the visible keyboard focus ring every interactive element shares. */
export const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-600";
