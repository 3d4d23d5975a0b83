import { Router } from "express";
import type { HealthResponse } from "./contract.ts";
import type { HomeserverProbe } from "./ports.ts";

/**
 * `GET /health`: 200 `{status: "ok"}` when Synapse answers, else 503 `{status: "degraded"}`
 * with the reason. Unauthenticated: process supervisors and the start script poll it.
 */
export function makeHealthRouter(probe: HomeserverProbe): Router {
  const router = Router();
  router.get("/health", async (_req, res) => {
    const synapse = await probe.isSynapseReachable();
    const body: HealthResponse = synapse.reachable
      ? { status: "ok", synapse: { reachable: true } }
      : { status: "degraded", synapse: { reachable: false, error: synapse.error } };
    res.status(synapse.reachable ? 200 : 503).json(body);
  });
  return router;
}
