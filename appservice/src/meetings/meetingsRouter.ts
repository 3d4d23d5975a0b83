/**
 * `/livekit/jwt`: the LiveKit token service over HTTP, lk-jwt-service's contract so Element Call
 * can use it too (Synapse advertises it in its MatrixRTC transports):
 *
 *   POST /livekit/jwt/get_token   {room_id, slot_id, openid_token, member}  → {url, jwt}
 *   POST /livekit/jwt/sfu/get     {room, openid_token, device_id} (legacy)  → {url, jwt}
 *   GET  /livekit/jwt/healthz     200 while meetings are on
 *
 * Errors are `{errcode, error}`: 400 M_BAD_JSON naming the field, 401 M_UNAUTHORIZED (OpenID
 * token refused), 403 M_FORBIDDEN (not a member, or another homeserver's token), 503
 * M_UNAVAILABLE (meetings off, LiveKit unreachable). Any origin may call it (CORS `*`), as
 * Element Call runs on its own origin; the OpenID token is the credential, never a cookie.
 */
import express, { Router, type RequestHandler } from "express";
import type { z } from "zod";
import { ApiError } from "../api/apiError.ts";
import { formatPath } from "../config/issues.ts";
import { rememberRouteBase } from "../observability/httpMetrics.ts";
import {
  getTokenRequestSchema,
  legacySfuRequestSchema,
  type SfuTokenResponse,
} from "./tokenRequests.ts";
import type { TokenService } from "./tokenService.ts";

/** The path the router is mounted at (and Synapse advertises under the public URL). */
export const MEETINGS_PATH = "/livekit/jwt";

/** What the router needs: the service, or why meetings are off. */
export type MeetingsRouterDeps = {
  meetings: { enabled: true; service: TokenService } | { enabled: false; reason: string };
  /** Applied before anything else (the /api token bucket, per client address). */
  rateLimit: RequestHandler;
};

const cors: RequestHandler = (req, res, next) => {
  res.set({
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, Content-Length, Accept-Encoding",
  });
  if (req.method === "OPTIONS") {
    res.status(204).end();
    return;
  }
  next();
};

/** Validates a body; 400 M_BAD_JSON naming the first bad field otherwise. */
function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined ? "body" : formatPath(issue.path);
  const missing = issue?.code === "invalid_type" && /received undefined/.test(issue.message);
  const what = missing ? "is required" : (issue?.message ?? "is invalid");
  throw new ApiError("M_BAD_JSON", `${where}: ${what}`);
}

/** Builds the `/livekit/jwt` router. */
export function makeMeetingsRouter(deps: MeetingsRouterDeps): Router {
  const router = Router();
  router.use(rememberRouteBase);
  router.use(cors);
  router.use(deps.rateLimit);
  router.use((_req, _res, next) => {
    if (deps.meetings.enabled) next();
    else next(new ApiError("M_UNAVAILABLE", `Meetings are unavailable: ${deps.meetings.reason}`));
  });
  router.use(express.json({ limit: "64kb" }));

  const service = () => (deps.meetings as { service: TokenService }).service;

  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  router.post("/get_token", async (req, res) => {
    const body: SfuTokenResponse = await service().getToken(
      parseBody(getTokenRequestSchema, req.body),
    );
    res.json(body);
  });

  router.post("/sfu/get", async (req, res) => {
    const body: SfuTokenResponse = await service().legacySfuGet(
      parseBody(legacySfuRequestSchema, req.body),
    );
    res.json(body);
  });

  return router;
}
