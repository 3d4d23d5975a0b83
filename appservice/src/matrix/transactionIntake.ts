import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import type { TransactionTap } from "../retention/ledgerTap.ts";
import type { EventRouter } from "./eventRouter.ts";
import {
  MAX_TXN_ID,
  checkTransactionBody,
  checkTransactionEvent,
  rawEventLabel,
  type ValidEvent,
} from "./eventSchema.ts";

// Synapse's transactions, from the parsed body to the handlers, exactly once per event:
// 1. the body must be an object with an `events` array (else 400: Synapse's bug, made visible);
// 2. a transaction ID already done is acknowledged without looking at the body;
// 3. each event is validated; a malformed one is logged and skipped, the others go on;
// 4. the tap (scrub ledger) sees the valid events first; when it fails the answer is 500 and
//    Synapse resends the whole transaction later;
// 5. each event not done before (in any transaction) goes through the handlers, then is
//    recorded as done; the transaction is recorded as done only after all of its events.
// A crash between 5's steps leaves the transaction undone: Synapse resends it and only the
// events not yet recorded run. Transactions are taken one at a time, the order Synapse sends.

/** Where transaction and event IDs already processed are kept (durably). */
export interface IntakeStore {
  /** Whether `txnId` was processed to the end before. */
  isTransactionDone(txnId: string): Promise<boolean>;
  /** Records `txnId` as processed to the end. Idempotent. */
  markTransactionDone(txnId: string, at: Date): Promise<void>;
  /** Which of `eventIds` went through the handlers before. */
  doneEvents(eventIds: readonly string[]): Promise<Set<string>>;
  /** Records that `eventId` went through the handlers (in `txnId`). Idempotent. */
  markEventDone(eventId: string, txnId: string, at: Date): Promise<void>;
  /** Forgets transactions and events recorded before `before`; returns how many rows went. */
  prune(before: Date): Promise<number>;
}

/** An answer for Synapse: HTTP status and JSON body. */
export type IntakeAnswer = { status: number; body: Record<string, unknown> };

/** Processes one transaction (`txnId` decoded from the path, `body` parsed JSON). */
export type TransactionIntake = (txnId: string, body: unknown) => Promise<IntakeAnswer>;

/** What {@link makeTransactionIntake} needs. */
export type IntakeDeps = {
  store: IntakeStore;
  route: EventRouter;
  tap?: TransactionTap;
  log: Logger;
  /** Counts the malformed events skipped. */
  metrics?: Pick<Metrics, "matrixEventsSkipped">;
  /** How long processed IDs are kept (default 7 days; Synapse resends within minutes). */
  retentionMs?: number;
  now?: () => Date;
};

/** Processed IDs older than this are forgotten. */
export const INTAKE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Old rows are pruned at most this often, after a transaction. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** Malformed events logged one by one per transaction; the rest are counted in one line. */
const LOGGED_PER_TRANSACTION = 10;

const ok = (): IntakeAnswer => ({ status: 200, body: {} });
const refuse = (status: number, errcode: string, error: string): IntakeAnswer => ({
  status,
  body: { errcode, error },
});

/** Builds the intake; see the file comment for the rules. */
export function makeTransactionIntake(deps: IntakeDeps): TransactionIntake {
  const { store, route, log } = deps;
  const now = deps.now ?? (() => new Date());
  const retentionMs = deps.retentionMs ?? INTAKE_RETENTION_MS;
  let lastPrune = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const validEvents = (txnId: string, raw: readonly unknown[]): ValidEvent[] => {
    const events: ValidEvent[] = [];
    const seen = new Set<string>();
    let skipped = 0;
    raw.forEach((candidate, index) => {
      const check = checkTransactionEvent(candidate);
      if (check.ok) {
        // The same event twice in one transaction is one event.
        if (!seen.has(check.event.event_id)) events.push(check.event);
        seen.add(check.event.event_id);
        return;
      }
      skipped += 1;
      if (skipped > LOGGED_PER_TRANSACTION) return;
      log.warn("skipped a malformed event", {
        txn_id: txnId,
        index,
        event_id: rawEventLabel(candidate),
        reason: check.reason,
      });
    });
    if (skipped > 0) deps.metrics?.matrixEventsSkipped.inc(skipped);
    if (skipped > LOGGED_PER_TRANSACTION) {
      log.warn("skipped more malformed events", {
        txn_id: txnId,
        more: skipped - LOGGED_PER_TRANSACTION,
      });
    }
    return events;
  };

  const prune = async (): Promise<void> => {
    const at = now().getTime();
    if (at - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = at;
    try {
      const removed = await store.prune(new Date(at - retentionMs));
      if (removed > 0) log.debug("pruned processed transaction records", { removed });
    } catch (error) {
      log.warn("could not prune processed transaction records", { error });
    }
  };

  const processTransaction = async (txnId: string, body: unknown): Promise<IntakeAnswer> => {
    const shape = checkTransactionBody(body);
    if (!shape.ok) {
      log.warn("refused a malformed transaction", { txn_id: txnId, reason: shape.reason });
      return refuse(400, "M_BAD_JSON", shape.reason);
    }
    try {
      if (await store.isTransactionDone(txnId)) {
        log.debug("transaction already processed, acknowledged again", { txn_id: txnId });
        return ok();
      }
      const events = validEvents(txnId, shape.events);
      await deps.tap?.(events);
      const done = await store.doneEvents(events.map((e) => e.event_id));
      for (const event of events) {
        if (done.has(event.event_id)) continue;
        await route(event);
        await store.markEventDone(event.event_id, txnId, now());
      }
      await store.markTransactionDone(txnId, now());
    } catch (error) {
      log.error("could not process a transaction; Synapse will send it again", {
        txn_id: txnId,
        error,
      });
      return refuse(500, "M_UNKNOWN", "Could not process the transaction; send it again later");
    }
    await prune();
    return ok();
  };

  return (txnId, body) => {
    if (txnId.length === 0 || txnId.length > MAX_TXN_ID) {
      return Promise.resolve(
        refuse(400, "M_INVALID_PARAM", `Transaction ID must be 1 to ${MAX_TXN_ID} characters`),
      );
    }
    const answer = queue.then(() => processTransaction(txnId, body));
    queue = answer.catch(() => undefined);
    return answer;
  };
}
