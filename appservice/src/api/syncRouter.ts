import { Router, type RequestHandler } from "express";
import { isAdmin, type Org } from "../directory/org.ts";
import type { SyncRunRecord } from "../provisioning/ports.ts";
import type { SyncResult } from "../provisioning/syncPass.ts";
import { ApiError } from "./apiError.ts";
import { authenticatedUser } from "./auth.ts";
import {
  syncRequestSchema,
  type SyncResponse,
  type SyncRunsResponse,
  type SyncRunView,
} from "./contract.ts";
import { parseBody } from "./validate.ts";

/** What {@link makeSyncRouter} needs. */
export type SyncRouterDeps = {
  auth: RequestHandler;
  getOrg: () => Org;
  /** Runs a pass (serialised with every other pass of this process). */
  runSync(request: { trigger: string; dryRun: boolean }): Promise<SyncResult>;
  /** The last recorded passes, newest first. */
  recentRuns(limit: number): Promise<SyncRunRecord[]>;
};

/** How many runs `GET /admin/sync/runs` lists. */
const RECENT_RUNS = 20;

/**
 * `POST /admin/sync` (mounted under /api), org admins only. The body is required:
 * `{"dry_run": true}` returns the plan without applying it, `{"dry_run": false}` runs the pass
 * and the answer lists each action's outcome. Any other body is a 400 and runs nothing.
 * `GET /admin/sync/runs`: the last passes as recorded, interrupted ones included.
 */
export function makeSyncRouter(deps: SyncRouterDeps): Router {
  const router = Router();
  const adminOnly = (userId: string) => {
    if (!isAdmin(deps.getOrg(), userId)) {
      throw new ApiError("M_FORBIDDEN", "Only Staffroom admins can run the membership sync");
    }
  };
  router.get("/admin/sync/runs", deps.auth, async (_req, res) => {
    adminOnly(authenticatedUser(res));
    const runs = await deps.recentRuns(RECENT_RUNS);
    res.json({ runs: runs.map(toSyncRunView) } satisfies SyncRunsResponse);
  });
  router.post("/admin/sync", deps.auth, async (req, res) => {
    adminOnly(authenticatedUser(res));
    const body = parseBody(syncRequestSchema, req);
    const result = await deps.runSync({ trigger: "api", dryRun: body.dry_run });
    res.json(toSyncResponse(result));
  });
  return router;
}

/** The API's view of a pass. */
export function toSyncResponse(result: SyncResult): SyncResponse {
  const outcomes = new Map(result.outcomes.map((o) => [o.action, o]));
  return {
    run_id: result.runId,
    dry_run: result.dryRun,
    actions: result.actions.map((action, i) => {
      const view = result.views[i] ?? { type: action.type, detail: "" };
      const outcome = outcomes.get(action);
      return {
        ...view,
        ...(outcome === undefined ? {} : { outcome: outcome.ok ? "ok" : "failed" }),
        ...(outcome?.error === undefined ? {} : { error: outcome.error }),
      };
    }),
    summary: result.summary,
  };
}

/** The API's view of a recorded run. */
export function toSyncRunView(run: SyncRunRecord): SyncRunView {
  return {
    id: run.id,
    trigger: run.trigger,
    dry_run: run.dryRun,
    status: run.status,
    started_at: run.startedAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
    reason: run.reason,
    summary: run.summary,
  };
}
