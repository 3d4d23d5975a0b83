import { type ClientEvent, SyncState } from "matrix-js-sdk";
import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createSyncStatus, syncStatusOf, type SyncSource } from "./createSyncState.ts";

type Listener = Parameters<SyncSource["on"]>[1];

function fakeSource(initial: SyncState | null): SyncSource & {
  emit(state: SyncState, data?: { fromCache?: boolean }): void;
  count(): number;
} {
  const listeners = new Set<Listener>();
  let current = initial;
  return {
    getSyncState: () => current,
    on: (_event: ClientEvent.Sync, listener: Listener) => listeners.add(listener),
    off: (_event: ClientEvent.Sync, listener: Listener) => listeners.delete(listener),
    emit(state, data) {
      const previous = current;
      current = state;
      for (const listener of listeners) listener(state, previous, data);
    },
    count: () => listeners.size,
  };
}

describe("syncStatusOf", () => {
  it("maps every SDK state", () => {
    expect(syncStatusOf(null)).toBe("connecting");
    expect(syncStatusOf(SyncState.Catchup)).toBe("connecting");
    expect(syncStatusOf(SyncState.Prepared)).toBe("online");
    expect(syncStatusOf(SyncState.Syncing)).toBe("online");
    expect(syncStatusOf(SyncState.Reconnecting)).toBe("reconnecting");
    expect(syncStatusOf(SyncState.Error)).toBe("reconnecting");
    expect(syncStatusOf(SyncState.Stopped)).toBe("stopped");
  });
});

describe("createSyncStatus", () => {
  it("stays connecting for the SDK's PREPARED from the IndexedDB cache", () => {
    const source = fakeSource(null);
    createRoot((dispose) => {
      const status = createSyncStatus(source);
      source.emit(SyncState.Prepared, { fromCache: true });
      expect(status()).toBe("connecting");
      source.emit(SyncState.Syncing, {});
      expect(status()).toBe("online");
      dispose();
    });
  });

  it("follows the source and unsubscribes on dispose", () => {
    const source = fakeSource(null);
    createRoot((dispose) => {
      const status = createSyncStatus(source);
      expect(status()).toBe("connecting");
      source.emit(SyncState.Prepared);
      expect(status()).toBe("online");
      source.emit(SyncState.Reconnecting);
      expect(status()).toBe("reconnecting");
      expect(source.count()).toBe(1);
      dispose();
    });
    expect(source.count()).toBe(0);
  });
});
