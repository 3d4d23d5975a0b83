import type { RequestHandler, Response } from "express";
import { ApiError } from "./apiError.ts";
import type { TokenVerifier } from "./ports.ts";

const USER_KEY = "staffroomUserId";

/**
 * Requires `Authorization: Bearer <Matrix access token>` and verifies it with the homeserver.
 * 401 `M_MISSING_TOKEN` without a token, 401 `M_UNKNOWN_TOKEN` when Synapse refuses it, 503
 * `STAFFROOM_HOMESERVER_UNAVAILABLE` when Synapse cannot answer (the token may be fine, so
 * the client must not log the person out). Put it on each route, not on the whole /api
 * router, so unknown routes answer 404 whatever the token.
 * @param verifier usually the cached verifier from tokenCache.ts
 */
export function makeAuthMiddleware(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      throw new ApiError("M_MISSING_TOKEN", "Missing access token (Authorization: Bearer ...)");
    }
    const result = await verifier.whoami(token);
    switch (result.status) {
      case "valid":
        res.locals[USER_KEY] = result.userId;
        next();
        return;
      case "invalid":
        throw new ApiError("M_UNKNOWN_TOKEN", "Unrecognised access token: sign in again");
      case "unavailable":
        throw new ApiError(
          "STAFFROOM_HOMESERVER_UNAVAILABLE",
          "Cannot verify the access token: the homeserver is not answering, try again shortly",
        );
    }
  };
}

/**
 * The Matrix user ID set by {@link makeAuthMiddleware}. Throws (500) when a route forgot the
 * middleware, which is a bug, not the caller's fault.
 */
export function authenticatedUser(res: Response): string {
  const userId: unknown = res.locals[USER_KEY];
  if (typeof userId !== "string") throw new Error("route is missing the auth middleware");
  return userId;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}
