import { onCleanup, onMount, type JSX } from "solid-js";
import { focusRing } from "../../ui/focusRing.ts";
import type { OutgoingText } from "../../matrix/send.ts";
import { serializeEditor, type InlineFormat } from "./serializeEditor.ts";

/** What the rest of the composer can do with the editor. */
export interface EditorHandle {
  /** Toggles a format at the caret or over the selection. */
  toggle(format: InlineFormat): void;
  /** Inserts text where the caret was last (emoji from the picker). */
  insertText(text: string): void;
  /** The message as it would be sent; null when empty. */
  read(): OutgoingText | null;
  /** Empties the editor after a send. */
  clear(): void;
  focus(): void;
}

/** Props of {@link RichEditor}. */
export type RichEditorProps = {
  label: string;
  /** Shown while the field is empty. */
  placeholder?: string;
  disabled: boolean;
  /** Enter without Shift. */
  onSubmit(): void;
  /** Which formats are on at the caret, after every selection change. */
  onFormatsChange(formats: Record<InlineFormat, boolean>): void;
  ref(handle: EditorHandle): void;
};

const commandOf: Record<InlineFormat, string> = {
  bold: "bold",
  italic: "italic",
  underline: "underline",
};
const shortcutOf: Record<string, InlineFormat> = { b: "bold", i: "italic", u: "underline" };

/**
 * A contenteditable message field. Formatting goes through `document.execCommand`, which is
 * deprecated but remains the only way to get the browser's own undo stack and caret handling
 * for inline formats; what it produces is reduced to b/i/u/br by {@link serializeEditor}.
 */
export function RichEditor(props: RichEditorProps): JSX.Element {
  let el: HTMLDivElement | undefined;
  // The caret is lost when focus moves to a toolbar button or the emoji picker; keep the last
  // range inside the editor so inserts land where the person was typing.
  let lastRange: Range | null = null;

  const readFormats = (): void => {
    props.onFormatsChange({
      bold: document.queryCommandState("bold"),
      italic: document.queryCommandState("italic"),
      underline: document.queryCommandState("underline"),
    });
  };

  const onSelectionChange = (): void => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    if (!el?.contains(range.commonAncestorContainer)) return;
    lastRange = range.cloneRange();
    readFormats();
  };

  const restoreCaret = (): void => {
    if (!el) return;
    el.focus();
    const selection = document.getSelection();
    if (!selection) return;
    selection.removeAllRanges();
    if (lastRange) selection.addRange(lastRange);
    else {
      const range = document.createRange();
      range.selectNodeContents(el);
      range.collapse(false);
      selection.addRange(range);
    }
  };

  const handle: EditorHandle = {
    toggle(format) {
      restoreCaret();
      document.execCommand(commandOf[format]);
      readFormats();
    },
    insertText(text) {
      restoreCaret();
      document.execCommand("insertText", false, text);
    },
    read: () => (el ? serializeEditor(el) : null),
    clear() {
      el?.replaceChildren();
      lastRange = null;
      readFormats();
    },
    focus: () => el?.focus(),
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing) return;
    if (event.key === "Enter") {
      event.preventDefault();
      if (event.shiftKey) document.execCommand("insertLineBreak");
      else props.onSubmit();
      return;
    }
    const format = shortcutOf[event.key.toLowerCase()];
    if (format && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
      event.preventDefault();
      document.execCommand(commandOf[format]);
      readFormats();
    }
  };

  // Pasted HTML (styles, scripts, tracking images) never enters the editor: paste as text.
  const onPaste = (event: ClipboardEvent): void => {
    event.preventDefault();
    const text = event.clipboardData?.getData("text/plain") ?? "";
    document.execCommand("insertText", false, text);
  };

  onMount(() => {
    document.addEventListener("selectionchange", onSelectionChange);
    props.ref(handle);
  });
  onCleanup(() => document.removeEventListener("selectionchange", onSelectionChange));

  return (
    <div
      ref={(node) => (el = node)}
      role="textbox"
      aria-multiline="true"
      aria-label={props.label}
      aria-placeholder={props.placeholder}
      data-placeholder={props.placeholder}
      aria-disabled={props.disabled ? "true" : undefined}
      contentEditable={!props.disabled}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPaste={onPaste}
      class={`max-h-48 min-h-10 flex-1 overflow-y-auto rounded-md border border-slate-300 bg-white px-3 py-2 text-sm whitespace-pre-wrap text-slate-900 ${focusRing} aria-disabled:bg-slate-50 aria-disabled:text-slate-500 empty:before:text-slate-500 empty:before:content-[attr(data-placeholder)]`}
    />
  );
}
