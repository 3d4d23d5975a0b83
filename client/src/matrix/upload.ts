import { MatrixError, MsgType, type MatrixClient } from "matrix-js-sdk";
import { UserFacingError } from "../lib/userFacingError.ts";
import { toUserFacingError } from "./errors.ts";
import { SESSION_RETRY, serverRetryAfterMs, sleep, waitBeforeRetry } from "./rateLimitRetry.ts";
import { sendMessageContent } from "./send.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/** Bytes sent so far of one upload. */
export type UploadProgress = { loaded: number; total: number };

/** A running upload: wait for it, or cancel it. */
export interface RunningUpload {
  /** Resolves once the file is stored and the message sent; rejects with a UserFacingError. */
  readonly done: Promise<void>;
  /** Stops the upload; `done` then rejects with {@link UploadCancelledError}. */
  cancel(): void;
}

/** The person cancelled the upload; nothing to show as an error. */
export class UploadCancelledError extends UserFacingError {
  override name = "UploadCancelledError";
}

/**
 * The server's upload limit in bytes (`GET /_matrix/client/v1/media/config`, `m.upload.size`).
 * @param session - the running session
 * @returns the limit, or null when the server sets none
 * @throws UserFacingError when the server cannot be asked
 */
export async function getUploadLimit(session: MatrixSession): Promise<number | null> {
  const client = matrixClientOf(session);
  try {
    const config = await client.getMediaConfig(true);
    const size = config["m.upload.size"];
    return typeof size === "number" && size > 0 ? size : null;
  } catch (error) {
    throw toUserFacingError(error, client.baseUrl);
  }
}

/**
 * Uploads a file and posts it to the room as `m.image` (images) or `m.file`, with
 * `info: {mimetype, size, w?, h?}`.
 * @param session - the running session
 * @param roomId - the room to post to
 * @param file - the chosen file
 * @param onProgress - called as bytes go out
 * @returns a {@link RunningUpload}
 * @example
 * const upload = startUpload(session, roomId, file, (p) => setPercent(p.loaded / p.total));
 * await upload.done;
 */
export function startUpload(
  session: MatrixSession,
  roomId: string,
  file: File,
  onProgress: (progress: UploadProgress) => void,
): RunningUpload {
  const client = matrixClientOf(session);
  const abortController = new AbortController();
  const done = (async () => {
    let contentUri: string;
    try {
      contentUri = await uploadWaitingOutLimits(client, file, abortController, onProgress);
    } catch (error) {
      if (abortController.signal.aborted) {
        throw new UploadCancelledError(`Upload of ${file.name} cancelled.`, { cause: error });
      }
      throw toUploadError(client, file, error);
    }
    const isImage = file.type.startsWith("image/");
    const info: Record<string, unknown> = {
      mimetype: file.type || "application/octet-stream",
      size: file.size,
    };
    if (isImage) Object.assign(info, await imageSizeOf(file));
    await sendMessageContent(session, roomId, {
      msgtype: isImage ? MsgType.Image : MsgType.File,
      body: file.name,
      filename: file.name,
      url: contentUri,
      info,
    });
  })();
  return { done, cancel: () => abortController.abort() };
}

/**
 * Uploads the file; a `429` is waited out (the server's `retry_after_ms`, within
 * {@link SESSION_RETRY}) and the upload starts again, its progress back at zero.
 */
async function uploadWaitingOutLimits(
  client: MatrixClient,
  file: File,
  abortController: AbortController,
  onProgress: (progress: UploadProgress) => void,
): Promise<string> {
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await client.uploadContent(file, {
        name: file.name,
        type: file.type || "application/octet-stream",
        abortController,
        progressHandler: (p) => onProgress({ loaded: p.loaded, total: p.total || file.size }),
      });
      return response.content_uri;
    } catch (error) {
      const limited = error instanceof MatrixError && error.httpStatus === 429;
      const asked = limited ? serverRetryAfterMs(error.data, null) : null;
      const wait = limited ? waitBeforeRetry(SESSION_RETRY, attempt, waited, asked) : null;
      if (wait === null || abortController.signal.aborted) throw error;
      onProgress({ loaded: 0, total: file.size });
      await sleep(wait, abortController.signal);
      waited += wait;
    }
  }
}

/**
 * A readable sentence for a failed upload: the server's own size refusal (`413 M_TOO_LARGE`,
 * e.g. a proxy limit or a config changed since we asked) is named as such.
 * @param client - for the homeserver URL in network messages
 * @param file - the file's name
 * @param error - what the upload threw
 * @returns a {@link UserFacingError}
 */
export function toUploadError(
  client: Pick<MatrixClient, "baseUrl">,
  file: { name: string },
  error: unknown,
): UserFacingError {
  if (
    error instanceof MatrixError &&
    (error.errcode === "M_TOO_LARGE" || error.httpStatus === 413)
  ) {
    return new UserFacingError(`The server refused ${file.name}: it is too large to upload.`, {
      cause: error,
    });
  }
  const readable = toUserFacingError(error, client.baseUrl);
  return new UserFacingError(`${file.name} could not be uploaded. ${readable.message}`, {
    cause: error,
  });
}

async function imageSizeOf(file: File): Promise<{ w?: number; h?: number }> {
  // Width and height let other clients reserve space before the image loads; optional in the
  // spec, so a file the browser cannot decode is still sent, just without them.
  if (typeof createImageBitmap !== "function") return {};
  try {
    const bitmap = await createImageBitmap(file);
    const size = { w: bitmap.width, h: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return {};
  }
}
