import { Router, type RequestHandler } from "express";
import { isAdmin, type Org } from "../directory/org.ts";
import type { SettingsStore } from "../retention/ports.ts";
import { ApiError } from "./apiError.ts";
import { authenticatedUser } from "./auth.ts";
import { adminSettingsSchema, type AdminSettings } from "./contract.ts";
import { parseBody } from "./validate.ts";

/** What {@link makeAdminSettingsRouter} needs. */
export type AdminSettingsRouterDeps = {
  auth: RequestHandler;
  getOrg: () => Org;
  settings: Pick<SettingsStore, "getScrubDays">;
  /** Saves `scrub_days` (audited) and publishes the retention policy in the managed rooms. */
  setScrubDays(days: number | null, actor: string): Promise<unknown>;
};

/** Refuses everyone but the directory's admins (403). */
export function requireAdmin(getOrg: () => Org, userId: string, what: string): void {
  if (!isAdmin(getOrg(), userId)) {
    throw new ApiError("M_FORBIDDEN", `Only Staffroom admins can ${what}`);
  }
}

/**
 * `GET /admin/settings` and `PUT /admin/settings` (mounted under /api), org admins only. The PUT
 * body is validated whole before anything is saved: a bad value changes nothing.
 */
export function makeAdminSettingsRouter(deps: AdminSettingsRouterDeps): Router {
  const router = Router();
  router.get("/admin/settings", deps.auth, async (_req, res) => {
    requireAdmin(deps.getOrg, authenticatedUser(res), "read the admin settings");
    const body: AdminSettings = { scrub_days: await deps.settings.getScrubDays() };
    res.json(body);
  });
  router.put("/admin/settings", deps.auth, async (req, res) => {
    const userId = authenticatedUser(res);
    requireAdmin(deps.getOrg, userId, "change the admin settings");
    const body = parseBody(adminSettingsSchema, req);
    await deps.setScrubDays(body.scrub_days, userId);
    res.json(body satisfies AdminSettings);
  });
  return router;
}
