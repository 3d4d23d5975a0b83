import { Router, type RequestHandler } from "express";
import { isAdmin, type Org } from "../directory/org.ts";
import { authenticatedUser } from "./auth.ts";
import type { MeResponse } from "./contract.ts";

/** What {@link makeMeRouter} needs. */
export type MeRouterDeps = {
  /** The auth middleware (bearer token → user ID). */
  auth: RequestHandler;
  /** The current directory; re-read on SIGHUP, so ask on every request. */
  getOrg: () => Org;
};

/** `GET /me` → `{user_id, is_admin}` (mounted under /api). */
export function makeMeRouter(deps: MeRouterDeps): Router {
  const router = Router();
  router.get("/me", deps.auth, (_req, res) => {
    const userId = authenticatedUser(res);
    const body: MeResponse = { user_id: userId, is_admin: isAdmin(deps.getOrg(), userId) };
    res.json(body);
  });
  return router;
}
