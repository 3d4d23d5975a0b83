import type { Metrics } from "../observability/metrics.ts";
import type { HandlerContext, MatrixEvent, MatrixEventHandler } from "./events.ts";

/** Dispatches one event to its handlers; resolves when all of them are done. */
export type EventRouter = (event: MatrixEvent) => Promise<void>;

/**
 * Builds the transaction → handler router. Counts every event by type; runs the matching
 * handlers in order, catching each one's failure (in `matches` or `handle`, thrown or
 * rejected) so an error in one feature cannot stall another or stop the process. The intake
 * (transactionIntake.ts) validates events before they get here.
 */
export function makeEventRouter(
  handlers: readonly MatrixEventHandler[],
  context: HandlerContext,
  metrics: Pick<Metrics, "matrixEvents" | "matrixEventFailures">,
): EventRouter {
  return async (event) => {
    metrics.matrixEvents.inc({ type: eventTypeLabel(event.type) });
    for (const handler of handlers) {
      try {
        if (!handler.matches(event, context)) continue;
        await handler.handle(event, context);
      } catch (error) {
        metrics.matrixEventFailures.inc({ handler: handler.name });
        context.log.error(`handler ${handler.name} failed`, {
          event_id: event.event_id,
          room_id: event.room_id,
          error,
        });
      }
    }
  };
}

// Custom event types are unbounded; keep the label set to the spec's `m.*` types.
function eventTypeLabel(type: unknown): string {
  return typeof type === "string" && type.startsWith("m.") ? type : "other";
}
