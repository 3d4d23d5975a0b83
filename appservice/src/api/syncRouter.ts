import { Router, type RequestHandler } from "express";
import { isAdmin, type Org } from "../directory/org.ts";
import type { SyncResult } from "../provisioning/syncPass.ts";
import { ApiError } from "./apiError.ts";
import { authenticatedUser } from "./auth.ts";
import { syncRequestSchema, type SyncResponse } from "./contract.ts";
import { parseBody } from "./validate.ts";

/** What {@link makeSyncRouter} needs. */
export type SyncRouterDeps = {
  auth: RequestHandler;
  getOrg: () => Org;
  /** Runs a pass (serialised with every other pass of this process). */
  runSync(request: { trigger: string; dryRun: boolean }): Promise<SyncResult>;
};

/**
 * `POST /admin/sync` (mounted under /api), org admins only. The body is required:
 * `{"dry_run": true}` returns the plan without applying it, `{"dry_run": false}` runs the pass
 * and the answer lists each action's outcome. Any other body is a 400 and runs nothing.
 */
export function makeSyncRouter(deps: SyncRouterDeps): Router {
  const router = Router();
  router.post("/admin/sync", deps.auth, async (req, res) => {
    const userId = authenticatedUser(res);
    if (!isAdmin(deps.getOrg(), userId)) {
      throw new ApiError("M_FORBIDDEN", "Only Staffroom admins can run the membership sync");
    }
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
