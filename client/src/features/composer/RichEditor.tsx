import { onCleanup, onMount, type JSX } from "solid-js";
import { focusRing } from "../../ui/focusRing.ts";
import type { OutgoingText } from "../../matrix/send.ts";
import { mentionQueryAt } from "../../lib/mentions.ts";
import { MENTION_ATTRIBUTE, serializeEditor, type InlineFormat } from "./serializeEditor.ts";

/** How a pill looks, in the editor and in the timeline. */
export const PILL_CLASS =
  "rounded-full bg-teal-50 px-1.5 py-px font-medium text-teal-900 no-underline! ring-1 ring-teal-700/20 ring-inset";

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
  /**
   * Replaces the content (an edit loads the message being edited) and puts the caret at the end.
   * @param html - editor HTML from `editorHtmlOf` (text escaped; only b, i, u and br)
   */
  load(html: string): void;
  /** The content as editor HTML, to be loaded back later (the draft kept while editing). */
  save(): string;
  /** The name being typed after an `@` just before the caret, or null. */
  mentionQuery(): string | null;
  /**
   * Replaces the `@name` being typed with a pill, then a space.
   * @param target - the user ID, or `@room`
   * @param name - what the pill shows
   */
  insertMention(target: string, name: string): void;
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
  /** The suggestions list the field controls, and its highlighted line (mentions). */
  suggestions?: { listId: string; activeId?: string };
  /** Any key, before the editor's own handling; returns true when it was used (suggestions). */
  onKeyDownFirst?: (event: KeyboardEvent) => boolean;
  /** Escape; returns true when it was used (a reply or edit cancelled). */
  onEscape?: () => boolean;
  /** Arrow Up in an empty editor (edit your last message). */
  onArrowUpWhenEmpty?: () => void;
  /** Every change of the content (typing notifications). */
  onInput?: () => void;
  /** Files pasted into the field (a screenshot, files copied in the file manager). */
  onPasteFiles?: (files: File[]) => void;
};

const commandOf: Record<InlineFormat, string> = {
  bold: "bold",
  italic: "italic",
  underline: "underline",
};
const shortcutOf: Record<string, InlineFormat> = { b: "bold", i: "italic", u: "underline" };

/** Nothing typed: no text (an empty line's `<br>` placeholder counts as nothing). */
const isEmpty = (el: HTMLElement): boolean => (el.textContent ?? "").trim() === "";

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

  /** The text node the caret is in, the caret's offset, and the mention typed before it. */
  const typedMention = () => {
    const selection = document.getSelection();
    if (!el || !selection || selection.rangeCount === 0 || !selection.isCollapsed) return null;
    const caret = selection.getRangeAt(0);
    const node = caret.startContainer;
    if (node.nodeType !== Node.TEXT_NODE || !el.contains(node)) return null;
    const found = mentionQueryAt((node.textContent ?? "").slice(0, caret.startOffset));
    return found && { node, offset: caret.startOffset, ...found };
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
    load(html) {
      if (!el) return;
      // Only ever editor HTML (escaped text, b/i/u/br) from editorHtmlOf or save().
      el.innerHTML = html;
      lastRange = null;
      restoreCaret();
      readFormats();
    },
    save: () => el?.innerHTML ?? "",
    mentionQuery: () => typedMention()?.query ?? null,
    insertMention(target, name) {
      const typed = typedMention();
      const selection = document.getSelection();
      if (!typed || !selection) return;
      const range = document.createRange();
      range.setStart(typed.node, typed.start);
      range.setEnd(typed.node, typed.offset);
      range.deleteContents();
      const pill = document.createElement("a");
      pill.setAttribute(MENTION_ATTRIBUTE, target);
      pill.contentEditable = "false";
      pill.className = PILL_CLASS;
      pill.textContent = name;
      const space = document.createTextNode("\u00a0");
      range.insertNode(space);
      range.insertNode(pill);
      const after = document.createRange();
      after.setStartAfter(space);
      after.collapse(true);
      selection.removeAllRanges();
      selection.addRange(after);
      lastRange = after.cloneRange();
      props.onInput?.();
    },
    focus: () => el?.focus(),
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing) return;
    if (props.onKeyDownFirst?.(event)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.key === "Escape" && props.onEscape?.()) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    const plainKey = !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey;
    if (event.key === "ArrowUp" && plainKey && props.onArrowUpWhenEmpty && el && isEmpty(el)) {
      event.preventDefault();
      props.onArrowUpWhenEmpty();
      return;
    }
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
  // Pasted files go to the composer's tray instead.
  const onPaste = (event: ClipboardEvent): void => {
    event.preventDefault();
    const files = Array.from(event.clipboardData?.files ?? []);
    if (files.length > 0 && props.onPasteFiles) return props.onPasteFiles(files);
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
      aria-autocomplete={props.suggestions ? "list" : undefined}
      aria-controls={props.suggestions?.listId}
      aria-activedescendant={props.suggestions?.activeId}
      aria-label={props.label}
      aria-placeholder={props.placeholder}
      data-placeholder={props.placeholder}
      aria-disabled={props.disabled ? "true" : undefined}
      contentEditable={!props.disabled}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPaste={onPaste}
      onInput={() => props.onInput?.()}
      class={`max-h-48 min-h-10 flex-1 overflow-y-auto rounded-md border border-slate-300 bg-white px-3 py-2 text-sm whitespace-pre-wrap text-slate-900 ${focusRing} aria-disabled:bg-slate-50 aria-disabled:text-slate-500 empty:before:text-slate-500 empty:before:content-[attr(data-placeholder)]`}
    />
  );
}
