/** Runs async work one at a time per key; different keys run concurrently. */
export interface KeyedLock {
  /** Runs `work` after every earlier `run` with the same key has settled. */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Keys with work queued or running (for tests: the map must not grow forever). */
  size(): number;
}

/**
 * An in-process per-key mutex. Direct rooms use it per operator pair (so A→B and B→A at the same
 * moment create one room) and per user (so two DMs added at once do not overwrite each other's
 * `m.direct` entry). One appservice process serves a homeserver; across processes the database
 * key and the room alias keep creation unique.
 */
export function makeKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      // The tail never rejects, so a failed call does not poison the next one.
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      try {
        return await result;
      } finally {
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
    size: () => tails.size,
  };
}
