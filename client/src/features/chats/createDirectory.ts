import { createResource, type Accessor } from "solid-js";
import type { DirectoryResponse } from "@staffroom/appservice/contract";
import type { StaffroomApi } from "../../api/apiClient.ts";
import { userMessageOf } from "../../lib/userFacingError.ts";

/** The staff directory as the chat list needs it: value, loading and error, never a silent blank. */
export interface Directory {
  /** The last good answer (kept while a retry runs), or undefined before the first one. */
  value: Accessor<DirectoryResponse | undefined>;
  /** True while a request is in flight. */
  loading: Accessor<boolean>;
  /** Why the directory could not be loaded, or null. */
  error: Accessor<string | null>;
  /** Asks `/api/directory` again ("Try again", or after a new room arrived). */
  refresh(): void;
}

/**
 * Loads `GET /api/directory`.
 * @param api - the `/api` client
 * @returns a {@link Directory}
 */
export function createDirectory(api: Pick<StaffroomApi, "directory">): Directory {
  const [directory, { refetch }] = createResource(() => api.directory());
  return {
    // `latest` keeps the previous answer during a refetch, so the list does not flicker away.
    value: () => (directory.state === "errored" ? undefined : directory.latest),
    loading: () => directory.loading,
    error: () =>
      directory.state === "errored"
        ? userMessageOf(directory.error, "The staff directory could not be loaded.")
        : null,
    refresh: () => void refetch(),
  };
}
