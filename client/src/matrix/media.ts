import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";
import { UserFacingError, userMessageOf } from "../lib/userFacingError.ts";
import { toUserFacingError } from "./errors.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/** A thumbnail size to ask the server for (it scales, keeping the aspect ratio). */
export type ThumbnailSize = { width: number; height: number };

/** A blob URL for media fetched with the access token; revoke it when done. */
export type MediaBlob = { url: string; blob: Blob };

/**
 * Fetches `mxc://` media through the authenticated media API (`/_matrix/client/v1/media/…`,
 * `Authorization: Bearer`), which plain `<img src>` cannot do, and returns it as a blob URL.
 * Non-reactive: the caller owns the URL and must `URL.revokeObjectURL` it.
 * @param session - the running session
 * @param mxc - an `mxc://server/mediaId` URI
 * @param options - a thumbnail size (falls back to the full file when the server has none), and
 *   an abort signal
 * @returns the blob and its object URL
 * @throws UserFacingError when the URI is invalid or the server refused
 */
export async function makeMediaBlobUrl(
  session: MatrixSession,
  mxc: string,
  options: { thumbnail?: ThumbnailSize; signal?: AbortSignal } = {},
): Promise<MediaBlob> {
  const client = matrixClientOf(session);
  const httpUrl = (size?: ThumbnailSize): string | null =>
    // (mxc, width, height, method, allowDirectLinks, allowRedirects, useAuthentication); any
    // resize method makes the SDK build a thumbnail URL, so it is only passed with a size.
    size
      ? client.mxcUrlToHttp(mxc, size.width, size.height, "scale", false, true, true)
      : client.mxcUrlToHttp(mxc, undefined, undefined, undefined, false, true, true);
  const urls = [options.thumbnail ? httpUrl(options.thumbnail) : null, httpUrl()].filter(
    (url): url is string => url !== null,
  );
  if (urls.length === 0) throw new UserFacingError("This file's address is not valid.");
  let lastError: unknown;
  for (const url of urls) {
    try {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${session.credentials.accessToken}` },
        signal: options.signal,
      });
      if (!response.ok) {
        lastError = new UserFacingError(
          response.status === 404
            ? "This file is no longer on the server."
            : `The server could not send this file (HTTP ${response.status}).`,
        );
        continue; // a missing thumbnail is normal (small or unusual images): try the file
      }
      const blob = await response.blob();
      return { blob, url: URL.createObjectURL(blob) };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      lastError = error;
    }
  }
  throw toUserFacingError(lastError, session.credentials.homeserverUrl);
}

/** Media fetched with the person's access token: what the timeline needs of the session. */
export interface MediaSource {
  /**
   * A blob URL for `mxc` (a thumbnail when a size is given); the caller revokes it.
   * @throws UserFacingError when it could not be fetched
   */
  load(
    mxc: string,
    options?: { thumbnail?: ThumbnailSize; signal?: AbortSignal },
  ): Promise<MediaBlob>;
  /**
   * Saves a file under its name through the browser's download flow.
   * @throws UserFacingError when the download failed
   */
  download(mxc: string, filename: string): Promise<void>;
}

/** The session's {@link MediaSource}. */
export function mediaSourceOf(session: MatrixSession): MediaSource {
  return {
    load: (mxc, options) => makeMediaBlobUrl(session, mxc, options),
    download: (mxc, filename) => downloadMedia(session, mxc, filename),
  };
}

/** A media URL as reactive state, see {@link createMediaUrl}. */
export type MediaUrl = {
  /** The blob URL once loaded. */
  url: Accessor<string | undefined>;
  loading: Accessor<boolean>;
  /** A readable message when loading failed. */
  error: Accessor<string | null>;
};

/**
 * Loads `mxc://` media for display as a blob URL (see {@link makeMediaBlobUrl}); refetches when
 * `mxc` changes; revokes the URL and aborts a running fetch on change and on dispose.
 * @param media - where media comes from (the session's {@link mediaSourceOf})
 * @param mxc - the URI to show, or undefined for nothing
 * @param thumbnail - a thumbnail size, for images shown in the timeline
 * @returns {@link MediaUrl} signals
 * @example
 * const avatar = createMediaUrl(view.media, () => item.avatarMxc, { width: 64, height: 64 });
 * <Show when={avatar.url()}>{(src) => <img src={src()} alt="" />}</Show>
 */
export function createMediaUrl(
  media: Pick<MediaSource, "load">,
  mxc: Accessor<string | undefined>,
  thumbnail?: ThumbnailSize,
): MediaUrl {
  const [url, setUrl] = createSignal<string | undefined>();
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  createEffect(
    on(mxc, (uri) => {
      setUrl(undefined);
      setError(null);
      if (!uri) return;
      const controller = new AbortController();
      let objectUrl: string | undefined;
      onCleanup(() => {
        controller.abort();
        if (objectUrl) URL.revokeObjectURL(objectUrl);
      });
      setLoading(true);
      media.load(uri, { thumbnail, signal: controller.signal }).then(
        (loaded) => {
          if (controller.signal.aborted) {
            URL.revokeObjectURL(loaded.url);
            return;
          }
          objectUrl = loaded.url;
          setUrl(loaded.url);
          setLoading(false);
        },
        (failure: unknown) => {
          if (controller.signal.aborted) return;
          setError(userMessageOf(failure, "The image could not be loaded."));
          setLoading(false);
        },
      );
    }),
  );
  return { url, loading, error };
}

/**
 * Downloads a file with the access token and hands it to the browser's "save" flow under its
 * name (an `<a download>` on a blob URL, which also works for PDFs browsers would otherwise open).
 * @param session - the running session
 * @param mxc - the file's `mxc://` URI
 * @param filename - the name to save under
 * @throws UserFacingError when the download failed
 */
export async function downloadMedia(
  session: MatrixSession,
  mxc: string,
  filename: string,
): Promise<void> {
  const media = await makeMediaBlobUrl(session, mxc);
  const link = document.createElement("a");
  link.href = media.url;
  link.download = filename;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken its copy once the click has been handled; free ours shortly after.
  setTimeout(() => URL.revokeObjectURL(media.url), 60_000);
}
