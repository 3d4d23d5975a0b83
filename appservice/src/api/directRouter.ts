import { Router, type RequestHandler } from "express";
import type { DirectRoomService } from "../direct/directRoomService.ts";
import { checkDirectPair, type DirectRefusal } from "../direct/directPair.ts";
import { findOperator, type Org } from "../directory/org.ts";
import { HomeserverUnreachableError, MatrixApiError } from "../matrix/botHttp.ts";
import { ApiError } from "./apiError.ts";
import { authenticatedUser } from "./auth.ts";
import { directRequestSchema, type DirectResponse } from "./contract.ts";
import { parseBody } from "./validate.ts";

/** What {@link makeDirectRouter} needs. */
export type DirectRouterDeps = {
  auth: RequestHandler;
  /** The current directory; ask on every request (it is reloaded). */
  getOrg: () => Org;
  direct: Pick<DirectRoomService, "ensureRoom">;
};

/**
 * `POST /direct` `{user_id}` → `{room_id}` (mounted under /api): the caller's one direct room
 * with another operator, created on first use. 403 `M_FORBIDDEN` when the caller is not an
 * operator, 400 `M_INVALID_PARAM` for a malformed body or the caller's own ID, 404
 * `M_NOT_FOUND` when the target is not an operator, 503 when Synapse cannot be reached.
 */
export function makeDirectRouter(deps: DirectRouterDeps): Router {
  const router = Router();
  router.post("/direct", deps.auth, async (req, res) => {
    const caller = authenticatedUser(res);
    const org = deps.getOrg();
    // Refuse outsiders before looking at the body: their request is wrong whatever it says.
    if (findOperator(org, caller) === undefined) throw refusal("caller_not_operator", caller);
    const { user_id: target } = parseBody(directRequestSchema, req);
    const check = checkDirectPair(org, caller, target);
    if (!check.ok) throw refusal(check.reason, target);
    const body: DirectResponse = {
      room_id: await homeserverCall(() => deps.direct.ensureRoom(check.pair)),
    };
    res.json(body);
  });
  return router;
}

function refusal(reason: DirectRefusal, userId: string): ApiError {
  switch (reason) {
    case "caller_not_operator":
      return new ApiError(
        "M_FORBIDDEN",
        "Only staff listed in the directory can start direct chats",
      );
    case "self":
      return new ApiError("M_INVALID_PARAM", "user_id: a direct chat needs someone other than you");
    case "target_not_operator":
      return new ApiError("M_NOT_FOUND", `${userId} is not a member of staff in the directory`);
  }
}

/**
 * Runs a call that goes to Synapse; "Synapse is down or failing" becomes 503
 * `STAFFROOM_HOMESERVER_UNAVAILABLE` (try again later) instead of a generic 500.
 */
export async function homeserverCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const down =
      error instanceof HomeserverUnreachableError ||
      (error instanceof MatrixApiError && (error.status >= 500 || error.status === 429));
    if (!down) throw error;
    throw new ApiError(
      "STAFFROOM_HOMESERVER_UNAVAILABLE",
      "The homeserver is not answering; try again shortly",
    );
  }
}
