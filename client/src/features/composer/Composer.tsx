import { createSignal, Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import { runAction } from "../../lib/runAction.ts";
import {
  discardSend,
  retrySend,
  SendFailedError,
  sendText,
  type OutgoingText,
} from "../../matrix/send.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { getUploadLimit, startUpload } from "../../matrix/upload.ts";
import { Button } from "../../ui/Button.tsx";
import { AttachButton, AttachmentStatus } from "./AttachButton.tsx";
import { createAttachment } from "./createAttachment.ts";
import { EmojiButton } from "./EmojiButton.tsx";
import { FormatToolbar } from "./FormatToolbar.tsx";
import { RichEditor, type EditorHandle } from "./RichEditor.tsx";
import type { InlineFormat } from "./serializeEditor.ts";

/** Props of {@link Composer}. */
export type ComposerProps = {
  session: MatrixSession;
  roomId: string;
  /** Where the FAQ button goes (built in the FAQ issue). */
  faqSlot?: JSX.Element;
};

/**
 * The message composer under the chat pane: a formatted-text field (Bold / Italic / Underline,
 * Ctrl/⌘+B/I/U; Enter sends, Shift+Enter starts a new line), emoji, and file attachments with
 * progress. A failed send keeps its text on screen with Retry.
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
    // The room at the time of sending, even if the person switches rooms meanwhile.
    const { session, roomId } = props;
    const outcome = await runAction("Sending your message", () => sendText(session, roomId, text));
    if (outcome.ok) return;
    if (outcome.error instanceof SendFailedError) setFailedId(outcome.error.failedId);
    setSendError(outcome.message);
  };
  const retry = createAction("Sending your message again", async (id: string) => {
    // The first attempt's message goes; a new failure brings its own.
    setSendError(null);
    setFailedId(null);
    try {
      await retrySend(props.session, id);
    } catch (error) {
      if (error instanceof SendFailedError) setFailedId(error.failedId);
      throw error;
    }
  });
  const attachment = createAttachment({
    uploadLimit: () => getUploadLimit(props.session),
    start: (file, onProgress) => startUpload(props.session, props.roomId, file, onProgress),
  });

  const submit = async (): Promise<void> => {
    const text = editor?.read();
    if (!text) return;
    setNotice(null);
    // Cleared before the round trip so typing on is never lost; a failure keeps the message as
    // unsent in the room with Retry, like every chat app people know.
    editor?.clear();
    setFailedId(null);
    await sendOne(text);
    editor?.focus();
  };

  const discard = (): void => {
    const id = failedId();
    if (id) discardSend(props.session, id);
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
      <div class="flex items-end gap-2">
        <RichEditor
          label="Message"
          placeholder="Write a message…"
          disabled={busy()}
          onSubmit={() => void submit()}
          onFormatsChange={setFormats}
          ref={(handle) => (editor = handle)}
        />
        <Button variant="primary" busy={busy()} onClick={() => void submit()}>
          Send
        </Button>
      </div>
    </div>
  );
}
