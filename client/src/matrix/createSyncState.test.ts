import { type ClientEvent, SyncState } from "matrix-js-sdk";
import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createSyncStatus, syncStatusOf, type SyncSource } from "./createSyncState.ts";

function fakeSource(initial: SyncState | null): SyncSource & {
  emit(state: SyncState): void;
  count(): number;
} {
  const listeners = new Set<(state: SyncState) => void>();
  let current = initial;
  return {
    getSyncState: () => current,
    on: (_event: ClientEvent.Sync, listener: (state: SyncState) => void) => listeners.add(listener),
    off: (_event: ClientEvent.Sync, listener: (state: SyncState) => void) =>
      listeners.delete(listener),
    emit(state) {
      current = state;
      for (const listener of listeners) listener(state);
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
