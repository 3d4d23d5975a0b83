import { For, type JSX } from "solid-js";
import { focusRing } from "../../ui/focusRing.ts";
import type { InlineFormat } from "./serializeEditor.ts";

/** Props of {@link FormatToolbar}. */
export type FormatToolbarProps = {
  active: Record<InlineFormat, boolean>;
  disabled: boolean;
  onToggle(format: InlineFormat): void;
};

const buttons: { format: InlineFormat; label: string; glyph: string; class: string }[] = [
  { format: "bold", label: "Bold", glyph: "B", class: "font-bold" },
  { format: "italic", label: "Italic", glyph: "I", class: "italic font-serif" },
  { format: "underline", label: "Underline", glyph: "U", class: "underline" },
];

/**
 * Bold / Italic / Underline toggles. `aria-pressed` follows the format at the caret; the
 * keyboard shortcut is in the title and `aria-keyshortcuts`. Buttons keep focus off themselves
 * on mouse down so the editor keeps its selection.
 */
export function FormatToolbar(props: FormatToolbarProps): JSX.Element {
  const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <div role="toolbar" aria-label="Formatting" class="flex items-center gap-1">
      <For each={buttons}>
        {(b) => (
          <button
            type="button"
            aria-label={b.label}
            aria-pressed={props.active[b.format]}
            aria-keyshortcuts={`Control+${b.glyph}`}
            title={`${b.label} (${isMac ? "⌘" : "Ctrl+"}${b.glyph})`}
            disabled={props.disabled}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => props.onToggle(b.format)}
            class={`h-8 w-8 rounded-md text-sm text-slate-700 hover:bg-slate-100 disabled:text-slate-400 aria-pressed:bg-teal-100 aria-pressed:text-teal-900 ${b.class} ${focusRing}`}
          >
            {b.glyph}
          </button>
        )}
      </For>
    </div>
  );
}
