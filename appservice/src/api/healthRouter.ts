import { Router } from "express";
import type { HealthResponse } from "./contract.ts";
import type { HomeserverProbe } from "./ports.ts";

/**
 * `GET /health`: 200 `{status: "ok"}` when Synapse answers, else 503 `{status: "degraded"}`
 * with the reason, plus the last membership-sync pass and `npm start`'s restart counts when given.
 * Unauthenticated: process supervisors and the start script poll it.
 */
export function makeHealthRouter(
  probe: HomeserverProbe,
  syncHealth?: () => NonNullable<HealthResponse["sync"]>,
  restartCounts?: () => Promise<HealthResponse["restarts"]>,
): Router {
  const router = Router();
  router.get("/health", async (_req, res) => {
    const [synapse, restarts] = await Promise.all([probe.isSynapseReachable(), restartCounts?.()]);
    const extra = {
      ...(syncHealth === undefined ? {} : { sync: syncHealth() }),
      ...(restarts === undefined ? {} : { restarts }),
    };
    const body: HealthResponse = synapse.reachable
      ? { status: "ok", synapse: { reachable: true }, ...extra }
      : { status: "degraded", synapse: { reachable: false, error: synapse.error }, ...extra };
    res.status(synapse.reachable ? 200 : 503).json(body);
  });
  return router;
}
