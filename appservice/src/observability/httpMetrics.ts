import type { Request, RequestHandler, Response } from "express";
import type { Metrics } from "./metrics.ts";

/**
 * Counts and times every request answered by the express app. The `route` label is the route
 * pattern (`/api/me`), never the raw path, so ids in URLs cannot blow up label cardinality;
 * requests no route matched are `unmatched`.
 */
export function makeHttpMetricsMiddleware(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stopTimer = metrics.httpRequestDuration.startTimer();
    res.on("finish", () => {
      const route = routeLabel(req, res);
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      stopTimer({ method: req.method, route });
    });
    next();
  };
}

const BASE_KEY = "metricsRouteBase";

/**
 * Put first in a router mounted under a prefix (e.g. /api). Express restores `req.baseUrl`
 * when an error leaves the router, so by the time a 401 is counted the prefix is gone;
 * this remembers it for the route label.
 */
export const rememberRouteBase: RequestHandler = (req, res, next) => {
  res.locals[BASE_KEY] = req.baseUrl;
  next();
};

function routeLabel(req: Request, res: Response): string {
  const route: unknown = req.route;
  const path = (route as { path?: unknown } | undefined)?.path;
  if (typeof path !== "string") return "unmatched";
  const base: unknown = res.locals[BASE_KEY];
  return `${typeof base === "string" ? base : req.baseUrl}${path}`;
}
