import { Router } from "express";
import type { HealthResponse } from "./contract.ts";
import type { HomeserverProbe } from "./ports.ts";

/**
 * `GET /health`: 200 `{status: "ok"}` when Synapse answers, else 503 `{status: "degraded"}`
 * with the reason, plus the last membership-sync pass when given. Unauthenticated: process supervisors and the start script poll it.
 */
export function makeHealthRouter(
  probe: HomeserverProbe,
  syncHealth?: () => NonNullable<HealthResponse["sync"]>,
): Router {
  const router = Router();
  router.get("/health", async (_req, res) => {
    const synapse = await probe.isSynapseReachable();
    const sync = syncHealth === undefined ? {} : { sync: syncHealth() };
    const body: HealthResponse = synapse.reachable
      ? { status: "ok", synapse: { reachable: true }, ...sync }
      : { status: "degraded", synapse: { reachable: false, error: synapse.error }, ...sync };
    res.status(synapse.reachable ? 200 : 503).json(body);
  });
  return router;
}
