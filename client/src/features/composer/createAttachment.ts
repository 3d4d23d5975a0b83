import { createSignal, onCleanup, type Accessor } from "solid-js";
import { runAction } from "../../lib/runAction.ts";
import { UserFacingError } from "../../lib/userFacingError.ts";
import type { RunningUpload, UploadProgress } from "../../matrix/upload.ts";
import { tooLargeMessage } from "./fileSize.ts";

/** Where an attachment is: nothing, checking the limit, uploading, or failed. */
export type AttachmentState =
  | { status: "idle" }
  | { status: "checking"; fileName: string }
  | { status: "uploading"; fileName: string; percent: number }
  | { status: "failed"; message: string };

/** What uploading needs from Matrix; `src/matrix/upload.ts` in the app, fakes in tests. */
export interface UploadPort {
  /** The server's size limit in bytes, or null for none. */
  uploadLimit(): Promise<number | null>;
  /** Starts uploading and posting the file. */
  start(file: File, onProgress: (progress: UploadProgress) => void): RunningUpload;
}

/** The composer's attachment flow. */
export interface Attachment {
  state: Accessor<AttachmentState>;
  /** Checks the file against the limit, then uploads it; failures land in `state`. */
  attach(file: File): Promise<void>;
  /** Stops the running upload; nothing is posted. */
  cancel(): void;
  /** Hides a failure message. */
  dismiss(): void;
}

/**
 * State machine for one attachment at a time: size check before any byte is sent (the server's
 * limit, with a readable sentence), progress as a whole percentage, cancel, readable failures.
 * Cancelling is not a failure, so it shows nothing. An upload still running when the owner is
 * disposed (chat closed) is cancelled.
 * @param port - see {@link UploadPort}
 * @returns an {@link Attachment}
 */
export function createAttachment(port: UploadPort): Attachment {
  const [state, setState] = createSignal<AttachmentState>({ status: "idle" });
  let running: RunningUpload | null = null;
  let cancelled = false;

  onCleanup(() => running?.cancel());

  return {
    state,
    async attach(file) {
      if (state().status === "checking" || state().status === "uploading") return;
      cancelled = false;
      setState({ status: "checking", fileName: file.name });
      const outcome = await runAction(`Uploading ${file.name}`, async () => {
        const refusal = tooLargeMessage(file, await port.uploadLimit());
        if (refusal) throw new UserFacingError(refusal);
        if (cancelled) return;
        setState({ status: "uploading", fileName: file.name, percent: 0 });
        running = port.start(file, ({ loaded, total }) => {
          const percent = total > 0 ? Math.min(100, Math.floor((loaded / total) * 100)) : 0;
          setState({ status: "uploading", fileName: file.name, percent });
        });
        await running.done;
      });
      running = null;
      if (outcome.ok || cancelled) setState({ status: "idle" });
      else setState({ status: "failed", message: outcome.message });
    },
    cancel() {
      cancelled = true;
      running?.cancel();
    },
    dismiss: () => setState({ status: "idle" }),
  };
}
