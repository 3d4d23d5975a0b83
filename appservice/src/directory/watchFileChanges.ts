import { watch, type FSWatcher } from "node:fs";
import path from "node:path";

/** A running watch; {@link FileWatch.close} stops it and cancels a pending call. */
export interface FileWatch {
  close(): void;
}

/** Options of {@link watchFileChanges}. */
export type WatchOptions = {
  /** Quiet time after the last event before `onChange` runs (editors write in bursts). */
  debounceMs?: number;
  /** The folder could not be watched any more (e.g. it was deleted); the watch has stopped. */
  onError?: (error: Error) => void;
};

/**
 * Calls `onChange` once a burst of changes to `file` has settled. Watches the file's folder,
 * not the file: editors and `mv` replace a file by renaming a new one over it, which leaves a
 * watch on the old inode silent. Events for other files in the folder (the SQLite database,
 * editor swap files) are ignored.
 * @throws when the folder cannot be watched at all (it does not exist)
 */
export function watchFileChanges(
  file: string,
  onChange: () => void,
  options: WatchOptions = {},
): FileWatch {
  const debounceMs = options.debounceMs ?? 500;
  const name = path.basename(file);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const watcher: FSWatcher = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
    // Some platforms omit the name; then any event in the folder counts.
    if (closed || (changed !== null && changed !== name)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) onChange();
    }, debounceMs);
  });
  watcher.on("error", (error: Error) => {
    close();
    options.onError?.(error);
  });
  function close(): void {
    closed = true;
    clearTimeout(timer);
    watcher.close();
  }
  return { close };
}
