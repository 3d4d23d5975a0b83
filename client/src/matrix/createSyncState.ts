import { ClientEvent, SyncState } from "matrix-js-sdk";
import { createSignal, getOwner, onCleanup, type Accessor } from "solid-js";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/** Connection state as the person sees it. */
export type SyncStatus = "connecting" | "online" | "reconnecting" | "stopped";

/** The SDK's sync listener shape (only `fromCache` of the extra data matters here). */
type SyncListener = (
  state: SyncState,
  previous: SyncState | null,
  data?: { fromCache?: boolean },
) => void;

/** The part of the SDK client that reports sync state; a plain emitter in tests. */
export interface SyncSource {
  /** The latest state, or null before the first sync attempt finished. */
  getSyncState(): SyncState | null;
  /** Subscribes to state changes. */
  on(event: ClientEvent.Sync, listener: SyncListener): unknown;
  /** Unsubscribes. */
  off(event: ClientEvent.Sync, listener: SyncListener): unknown;
}

/**
 * Maps the SDK's sync state to what the status indicator shows.
 * @param state - the SDK state; null before the first sync
 * @returns the {@link SyncStatus}
 */
export function syncStatusOf(state: SyncState | null): SyncStatus {
  switch (state) {
    case SyncState.Prepared:
    case SyncState.Syncing:
      return "online";
    // The SDK keeps retrying after ERROR too (it only backs off), so both read as "retrying".
    case SyncState.Error:
    case SyncState.Reconnecting:
      return "reconnecting";
    case SyncState.Stopped:
      return "stopped";
    case SyncState.Catchup:
    case null:
      return "connecting";
  }
}

/**
 * Follows a sync source as a signal; the listener is removed when the owning scope is disposed.
 * @param source - anything shaped like {@link SyncSource}
 * @returns an accessor of the current {@link SyncStatus}
 */
export function createSyncStatus(source: SyncSource): Accessor<SyncStatus> {
  const [status, setStatus] = createSignal(syncStatusOf(source.getSyncState()));
  const onSync: SyncListener = (state, _previous, data) => {
    // With the IndexedDB store the SDK reports PREPARED for the cached sync before the server
    // has answered; "Online" then would be a lie, so it stays "Connecting…" until a real sync.
    setStatus(data?.fromCache === true ? "connecting" : syncStatusOf(state));
  };
  source.on(ClientEvent.Sync, onSync);
  if (getOwner()) onCleanup(() => source.off(ClientEvent.Sync, onSync));
  return status;
}

/**
 * The sync status of a running session, for the header indicator.
 * Call inside a component or root so the listener goes away with it.
 * @param session - the running session
 * @returns an accessor of the current {@link SyncStatus}
 * @example
 * const status = createSyncState(session);
 * <SyncIndicator status={status()} />
 */
export function createSyncState(session: MatrixSession): Accessor<SyncStatus> {
  return createSyncStatus(matrixClientOf(session));
}
