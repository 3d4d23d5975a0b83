// Feeds the event ledger from Synapse's transactions. The transaction intake awaits the tap
// (with the transaction's valid events) before the handlers run and answers 500 when it
// fails, so Synapse sends the transaction again: no event reaches the handlers without being in the ledger first, and the
// ledger's order is Synapse's delivery order (its stream order).
import type { EventLedger, LedgerEvent } from "./ports.ts";
import { mediaOf } from "./scrubPlanner.ts";

/** What the tap does with one transaction's `events`. */
export type TransactionTap = (events: readonly unknown[]) => Promise<void>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The room events of a transaction as ledger entries, in order. Anything without a room, an
 * event ID, a type or a timestamp is not a room event the scrub could purge, and is left out.
 */
export function ledgerEventsOf(events: readonly unknown[]): LedgerEvent[] {
  const out: LedgerEvent[] = [];
  for (const event of events) {
    if (!isRecord(event)) continue;
    const { room_id, event_id, type, origin_server_ts, state_key, content } = event;
    if (typeof room_id !== "string" || typeof event_id !== "string") continue;
    if (typeof type !== "string" || typeof origin_server_ts !== "number") continue;
    out.push({
      room_id,
      event_id,
      type,
      origin_server_ts,
      ...(typeof state_key === "string" ? { state_key } : {}),
      media: [...new Set(mediaOf(isRecord(content) ? content : {}))],
    });
  }
  return out;
}

/**
 * The tap: records the transaction's room events while the scrub is on (`isOn` asks the
 * settings: one query per transaction). Throws when recording fails (the transaction is then
 * refused and retried by Synapse).
 */
export function makeLedgerTap(ledger: EventLedger, isOn: () => Promise<boolean>): TransactionTap {
  return async (events) => {
    const entries = ledgerEventsOf(events);
    if (entries.length === 0 || !(await isOn())) return;
    await ledger.recordLive(entries);
  };
}
