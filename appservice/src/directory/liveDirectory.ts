import { ConfigError } from "../config/configError.ts";
import type { Logger } from "../observability/logger.ts";
import type { Org } from "./org.ts";
import { loadDirectory } from "./parseDirectory.ts";
import { watchFileChanges, type FileWatch } from "./watchFileChanges.ts";

// The directory in force while the appservice runs: loaded at start, re-read when the file
// changes (watched) or on SIGHUP, one reload at a time. An invalid file is logged and the last
// good directory kept; listeners hear only about successful reloads.

/** Called with the new directory after each successful reload (file change or SIGHUP). */
export type DirectoryListener = (org: Org) => void | Promise<void>;

/** The live directory. */
export interface LiveDirectory {
  /** The directory in force now. */
  current(): Org;
  /** Re-reads the file; resolves false (and keeps the old directory) when it is invalid. */
  reload(): Promise<boolean>;
  /** Calls `listener` after every successful reload; returns an unsubscribe function. */
  onChanged(listener: DirectoryListener): () => void;
  /** Switches to another file (config reload): the watch moves, the next reload reads it. */
  setFile(file: string): void;
  /** Stops watching; later reloads do nothing. Idempotent. */
  close(): void;
}

/**
 * Loads the directory file and starts watching it.
 * @throws ConfigError (or DirectoryError) when the file is invalid at start-up
 */
export async function openLiveDirectory(
  file: string,
  options: { serverName: string; log: Logger },
): Promise<LiveDirectory> {
  const { serverName, log } = options;
  let org = await loadDirectory(file, { serverName });
  let currentFile = file;
  let closed = false;
  const listeners = new Set<DirectoryListener>();
  let reloading = Promise.resolve(false);

  const reload = (): Promise<boolean> => {
    reloading = reloading.then(async () => {
      if (closed) return false;
      try {
        org = await loadDirectory(currentFile, { serverName });
      } catch (error) {
        log.error(`directory not reloaded, keeping the previous one: ${describeError(error)}`);
        return false;
      }
      log.info("directory reloaded", describeOrg(org));
      for (const listener of listeners) {
        await Promise.resolve(listener(org)).catch((error: unknown) =>
          log.error("directory listener failed", { error }),
        );
      }
      return true;
    });
    return reloading;
  };

  const watchFile = (path: string): FileWatch => {
    const onError = (error: unknown): void =>
      log.error(`not watching ${path} for changes; SIGHUP still reloads`, { error });
    try {
      return watchFileChanges(path, () => void reload(), { onError });
    } catch (error) {
      onError(error);
      return { close: () => undefined };
    }
  };
  let watch = watchFile(file);

  return {
    current: () => org,
    reload,
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setFile(next) {
      if (next === currentFile || closed) return;
      watch.close();
      currentFile = next;
      watch = watchFile(next);
    },
    close() {
      closed = true;
      watch.close();
    },
  };
}

function describeOrg(org: Org): Record<string, number> {
  return {
    operators: org.operators.length,
    departments: org.departments.length,
    admins: org.admins.length,
  };
}

function describeError(error: unknown): string {
  if (error instanceof ConfigError) return `\n${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
