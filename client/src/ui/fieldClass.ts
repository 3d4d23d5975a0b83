import { focusRing } from "./focusRing.ts";

/** The look of a native select or textarea next to a {@link TextField}. */
export const fieldClass = `rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 aria-invalid:border-red-600 ${focusRing}`;
