import { createEffect, createSignal, createUniqueId, on, Show, type JSX } from "solid-js";
import type { MentionSuggestion } from "../../lib/mentions.ts";
import { createAction } from "../../lib/createAction.ts";
import { runAction } from "../../lib/runAction.ts";
import { SendFailedError, type OutgoingText } from "../../matrix/send.ts";
import { Button } from "../../ui/Button.tsx";
import type { ComposerModel } from "../room/roomView.ts";
import { AttachButton, AttachmentStatus } from "./AttachButton.tsx";
import { ComposeModeBanner } from "./ComposeModeBanner.tsx";
import { createAttachment } from "./createAttachment.ts";
import type { StagedFiles } from "./createStagedFiles.ts";
import { StagedFilesTray } from "./StagedFilesTray.tsx";
import { createMentionPicker } from "./createMentionPicker.ts";
import { editorHtmlOf } from "./editorContent.ts";
import { MentionSuggestions, suggestionId } from "./MentionSuggestions.tsx";
import { EmojiButton } from "./EmojiButton.tsx";
import { FormatToolbar } from "./FormatToolbar.tsx";
import { RichEditor, type EditorHandle } from "./RichEditor.tsx";
import type { InlineFormat } from "./serializeEditor.ts";

/** Props of {@link Composer}. */
export type ComposerProps = {
  composer: ComposerModel;
  roomId: string;
  /** Files pasted or dropped, waiting for Send (the chat pane drops into the same tray). */
  staged: StagedFiles;
  /** Where the FAQ button goes (built in the FAQ issue). */
  faqSlot?: JSX.Element;
};

/**
 * The message composer under the chat pane: a formatted-text field (Bold / Italic / Underline,
 * Ctrl/⌘+B/I/U; Enter sends, Shift+Enter starts a new line), emoji, and file attachments with
 * progress. A failed send keeps its text on screen with Retry. It answers a message or edits one
 * of yours when the chat says so (Reply, Edit, or Up in an empty field), naming which above the
 * field; Escape goes back to a new message (an edit gives back the draft it interrupted).
 */
export function Composer(props: ComposerProps): JSX.Element {
  let editor: EditorHandle | undefined;
  const [formats, setFormats] = createSignal<Record<InlineFormat, boolean>>({
    bold: false,
    italic: false,
    underline: false,
  });
  const [failedId, setFailedId] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);

  // Sends don't wait for each other: while the server holds one back ("Sending…" in the
  // timeline), the person writes and sends on, and the room's queue keeps the order.
  const [sendError, setSendError] = createSignal<string | null>(null);
  const sendOne = async (text: OutgoingText): Promise<void> => {
    setSendError(null);
    const { composer } = props;
    const outcome = await runAction("Sending your message", () => composer.send(text));
    if (outcome.ok) return;
    if (outcome.error instanceof SendFailedError) setFailedId(outcome.error.failedId);
    setSendError(outcome.message);
  };
  const retry = createAction("Sending your message again", async (id: string) => {
    // The first attempt's message goes; a new failure brings its own.
    setSendError(null);
    setFailedId(null);
    try {
      await props.composer.retry(id);
    } catch (error) {
      if (error instanceof SendFailedError) setFailedId(error.failedId);
      throw error;
    }
  });
  // The composer is built per chat (ChatPane keys it by room), so its upload port is fixed.
  // eslint-disable-next-line solid/reactivity
  const attachment = createAttachment(props.composer.uploads);

  // Editing borrows the field: the draft it interrupts comes back when the edit ends.
  let draft: string | null = null;
  createEffect(
    on(
      () => props.composer.mode(),
      (mode, previous) => {
        if (previous?.kind === "edit" && mode.kind !== "edit") {
          editor?.load(draft ?? "");
          draft = null;
        }
        if (mode.kind === "edit") {
          draft ??= editor?.save() ?? "";
          editor?.load(editorHtmlOf(mode.target));
        }
        if (mode.kind !== "new") editor?.focus();
      },
      { defer: true },
    ),
  );
  const cancelMode = (): boolean => {
    if (props.composer.mode().kind === "new") return false;
    props.composer.cancel();
    return true;
  };
  // eslint-disable-next-line solid/reactivity -- the chat's members, fixed per composer
  const picker = createMentionPicker(props.composer.mentions);
  const listId = createUniqueId();
  const pick = (suggestion: MentionSuggestion): void => {
    if (suggestion.kind === "room") editor?.insertMention("@room", "@room");
    else editor?.insertMention(suggestion.userId, suggestion.name);
    picker.close();
  };
  const onInput = (): void => {
    props.composer.typing.input(editor?.read() == null);
    void picker.update(editor?.mentionQuery() ?? null);
  };
  // While suggestions are open, the arrows, Enter, Tab and Escape are theirs.
  const suggestionKeys = (event: KeyboardEvent): boolean => {
    const current = picker.current();
    if (!current) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      picker.move(event.key === "ArrowDown" ? 1 : -1);
      return true;
    }
    if (event.key === "Enter" || event.key === "Tab") {
      pick(current);
      return true;
    }
    if (event.key === "Escape") {
      picker.close();
      return true;
    }
    return false;
  };
  const editLast = (): void => {
    const last = props.composer.lastEditable();
    if (last) props.composer.edit(last);
  };

  const submit = async (): Promise<void> => {
    const text = editor?.read() ?? null;
    const mode = props.composer.mode();
    // Files wait through an edit; they go with the next message.
    const files = mode.kind !== "edit" && props.staged.files().some((file) => !file.problem);
    if (!text && !files) return;
    if (!text) return void props.staged.sendAll(attachment);
    setNotice(null);
    // Sent unchanged, an edit changes nothing: no event, just back to the draft (which also
    // comes back once a changed edit is sent).
    if (mode.kind === "edit" && unchanged(text, mode.target)) return void cancelMode();
    // Cleared before the round trip so typing on is never lost; a failure keeps the message as
    // unsent in the room with Retry, like every chat app people know.
    editor?.clear();
    setFailedId(null);
    await sendOne(text);
    editor?.focus();
    if (files) await props.staged.sendAll(attachment);
  };

  const discard = (): void => {
    const id = failedId();
    if (id) props.composer.discard(id);
    setFailedId(null);
    setSendError(null);
    retry.clearError();
  };

  const error = () => sendError() ?? retry.error();
  const busy = () => retry.busy();

  return (
    <div class="flex flex-col gap-2 border-t border-slate-200 p-3" data-room={props.roomId}>
      <Show when={error()}>
        {(message) => (
          <div role="alert" class="flex flex-wrap items-center gap-2 text-sm text-red-800">
            <span>{message()}</span>
            <Show when={failedId()}>
              {(id) => (
                <>
                  <Button
                    variant="secondary"
                    class="px-2 py-1"
                    onClick={() => void retry.run(id())}
                  >
                    Retry
                  </Button>
                  <Button variant="ghost" class="px-2 py-1" onClick={discard}>
                    Discard
                  </Button>
                </>
              )}
            </Show>
          </div>
        )}
      </Show>
      <Show when={notice()}>
        {(message) => (
          <p role="alert" class="text-sm text-red-800">
            {message()}
          </p>
        )}
      </Show>
      <AttachmentStatus attachment={attachment} />
      <StagedFilesTray staged={props.staged} />
      <ComposeModeBanner mode={props.composer.mode()} onCancel={() => cancelMode()} />
      <div class="flex flex-wrap items-center gap-1">
        <FormatToolbar
          active={formats()}
          disabled={busy()}
          onToggle={(format) => editor?.toggle(format)}
        />
        <EmojiButton
          disabled={busy()}
          onPick={(emoji) => editor?.insertText(emoji)}
          onError={setNotice}
        />
        <AttachButton attachment={attachment} disabled={busy()} />
        <div class="ml-auto">{props.faqSlot}</div>
      </div>
      <div class="relative flex items-end gap-2">
        <MentionSuggestions
          id={listId}
          suggestions={picker.suggestions()}
          active={picker.active()}
          onPick={pick}
        />
        <RichEditor
          label="Message"
          placeholder="Write a message…"
          disabled={busy()}
          onSubmit={() => void submit()}
          onFormatsChange={setFormats}
          onEscape={cancelMode}
          onPasteFiles={(files) => props.staged.add(files)}
          onInput={onInput}
          onKeyDownFirst={suggestionKeys}
          suggestions={
            picker.current()
              ? { listId, activeId: suggestionId(listId, picker.active()) }
              : undefined
          }
          onArrowUpWhenEmpty={editLast}
          ref={(handle) => (editor = handle)}
        />
        <Button variant="primary" busy={busy()} onClick={() => void submit()}>
          {props.composer.mode().kind === "edit" ? "Save" : "Send"}
        </Button>
      </div>
    </div>
  );
}

/** Whether an edit would send what the message already says. */
function unchanged(text: OutgoingText, target: { body: string; formattedBody?: string }): boolean {
  return (
    text.body === target.body && (text.html ?? undefined) === (target.formattedBody ?? undefined)
  );
}
