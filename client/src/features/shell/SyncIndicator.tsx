import type { JSX } from "solid-js";
import type { SyncStatus } from "../../matrix/createSyncState.ts";

const labels: Record<SyncStatus, string> = {
  connecting: "Connecting…",
  online: "Online",
  reconnecting: "Connection lost — retrying…",
  stopped: "Offline",
};

const dots: Record<SyncStatus, string> = {
  connecting: "bg-amber-500",
  online: "bg-emerald-600",
  reconnecting: "bg-red-600",
  stopped: "bg-slate-400",
};

/**
 * The connection state in words with a coloured dot (the words carry the meaning; colour alone
 * would fail colour-blind people). A polite live region, so a dropped connection is announced
 * without interrupting.
 * @param props.status - from `createSyncState`
 */
export function SyncIndicator(props: { status: SyncStatus }): JSX.Element {
  return (
    <p role="status" class="inline-flex items-center gap-1.5 text-sm text-slate-600">
      <span aria-hidden="true" class={`size-2 rounded-full ${dots[props.status]}`} />
      {labels[props.status]}
    </p>
  );
}
