import { createSignal, onCleanup, type Accessor } from "solid-js";
import type { Attachment, UploadPort } from "./createAttachment.ts";
import { tooLargeMessage } from "./fileSize.ts";

/** A file pasted or dropped into the composer, waiting for Send. */
export type StagedFile = {
  id: string;
  file: File;
  /** An object URL of the image itself, for the thumbnail (images only). */
  previewUrl?: string;
  /** Why it can't be sent (too large for the server); it stays until removed. */
  problem?: string;
};

/** The files waiting in the composer; see {@link createStagedFiles}. */
export interface StagedFiles {
  files: Accessor<readonly StagedFile[]>;
  /** Adds pasted or dropped files; each is checked against the server's limit at once. */
  add(files: Iterable<File>): void;
  /** Takes one out before sending. */
  remove(id: string): void;
  /**
   * Uploads every sendable file in order, each with the attachment flow's progress. A file that
   * fails stays in the tray with the files after it, so nothing is lost.
   */
  sendAll(attachment: Attachment): Promise<void>;
}

/** Object URLs (the browser's by default). */
export type ObjectUrls = { create(file: File): string; revoke(url: string): void };

const browserUrls: ObjectUrls = {
  create: (file) => URL.createObjectURL(file),
  revoke: (url) => URL.revokeObjectURL(url),
};

/**
 * The composer's tray of files to send: pasted screenshots and dropped files, shown with name,
 * size and (for images) a thumbnail, removable until Send uploads them. Thumbnails are released
 * when a file leaves the tray or the chat closes.
 * @param port - the server's upload limit
 * @param urls - object URLs for thumbnails
 * @returns a {@link StagedFiles}
 */
export function createStagedFiles(
  port: Pick<UploadPort, "uploadLimit">,
  urls: ObjectUrls = browserUrls,
): StagedFiles {
  const [files, setFiles] = createSignal<readonly StagedFile[]>([]);
  let next = 1;
  const release = (staged: StagedFile): void => {
    if (staged.previewUrl) urls.revoke(staged.previewUrl);
  };
  onCleanup(() => files().forEach(release));

  const remove = (id: string): void => {
    const staged = files().find((entry) => entry.id === id);
    if (staged) release(staged);
    setFiles((list) => list.filter((entry) => entry.id !== id));
  };

  return {
    files,
    add(added) {
      const fresh = Array.from(added, (file): StagedFile => ({
        id: `staged-${next++}`,
        file,
        ...(file.type.startsWith("image/") ? { previewUrl: urls.create(file) } : {}),
      }));
      if (fresh.length === 0) return;
      setFiles((list) => [...list, ...fresh]);
      void port.uploadLimit().then(
        (limit) => {
          const ids = new Set(fresh.map((entry) => entry.id));
          setFiles((list) =>
            list.map((entry) => {
              if (!ids.has(entry.id)) return entry;
              const problem = tooLargeMessage(entry.file, limit);
              return problem ? { ...entry, problem } : entry;
            }),
          );
        },
        // The limit is checked again when the file is sent; nothing to show yet.
        () => undefined,
      );
    },
    remove,
    async sendAll(attachment) {
      for (const staged of files()) {
        if (staged.problem) continue;
        // One upload at a time (a file chosen with the paperclip may still be on its way).
        const status = attachment.state().status;
        if (status === "checking" || status === "uploading") return;
        await attachment.attach(staged.file);
        if (attachment.state().status === "failed") return;
        remove(staged.id);
      }
    },
  };
}
