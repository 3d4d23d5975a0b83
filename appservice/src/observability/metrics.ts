import { Router } from "express";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

// Prometheus metrics. The registry is injected (a fresh one per start()), so tests and several
// appservices in one process never share counters. Every name starts with `staffroom_`;
// appservice/README.md lists them (a unit test keeps the list complete).

/** Prefix of every metric name, Node's default metrics included. */
export const METRIC_PREFIX = "staffroom_";

/** The metrics the appservice records. */
export type Metrics = {
  registry: Registry;
  /** HTTP requests answered by the appservice's own routes (`route` is the route pattern). */
  httpRequests: Counter<"method" | "route" | "status">;
  /** Time to answer those requests, in seconds. */
  httpRequestDuration: Histogram<"method" | "route">;
  /** Transactions pushed by Synapse, by outcome (`accepted`, `rejected`). */
  matrixTransactions: Counter<"outcome">;
  /** Matrix events received in transactions, by event type (`other` for custom types). */
  matrixEvents: Counter<"type">;
  /** Matrix events whose handler failed, by handler name. */
  matrixEventFailures: Counter<"handler">;
  /** Malformed events the transaction intake skipped. */
  matrixEventsSkipped: Counter;
};

/**
 * Creates every Staffroom metric (plus Node's default process metrics) on `registry`.
 * @param registry where to register; a new one when omitted
 */
export function createMetrics(registry: Registry = new Registry()): Metrics {
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: `${METRIC_PREFIX}http_requests_total`,
      help: "HTTP requests answered by the appservice, by method, route pattern and status",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: "Time taken to answer HTTP requests, by method and route pattern",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    matrixTransactions: new Counter({
      name: `${METRIC_PREFIX}matrix_transactions_total`,
      help: "Appservice transactions pushed by the homeserver, by outcome",
      labelNames: ["outcome"],
      registers,
    }),
    matrixEvents: new Counter({
      name: `${METRIC_PREFIX}matrix_events_total`,
      help: "Matrix events received from the homeserver, by event type",
      labelNames: ["type"],
      registers,
    }),
    matrixEventFailures: new Counter({
      name: `${METRIC_PREFIX}matrix_event_handler_failures_total`,
      help: "Matrix events whose handler threw, by handler",
      labelNames: ["handler"],
      registers,
    }),
    matrixEventsSkipped: new Counter({
      name: `${METRIC_PREFIX}matrix_events_skipped_total`,
      help: "Malformed Matrix events skipped by the transaction intake",
      registers,
    }),
  };
}

/**
 * `GET /metrics` in Prometheus text format.
 * @param registry the registry to expose
 */
export function makeMetricsRouter(registry: Registry): Router {
  const router = Router();
  router.get("/metrics", async (_req, res) => {
    res.set("Content-Type", registry.contentType);
    res.send(await registry.metrics());
  });
  return router;
}
