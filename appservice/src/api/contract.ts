import { z } from "zod";

// The HTTP contract between the appservice and the web client (design.md §4 "Fixed contracts").
// The client imports these through `@staffroom/appservice/contract` (with `import type` for
// the types), so this file must stay free of Node-only imports: zod only.

/**
 * Every errcode the API answers with. `M_*` codes follow the Matrix spec's meanings;
 * `STAFFROOM_*` are ours. The HTTP status of each is fixed in src/api/apiError.ts.
 */
export const ERRCODES = [
  "M_MISSING_TOKEN",
  "M_UNKNOWN_TOKEN",
  "M_FORBIDDEN",
  "M_NOT_FOUND",
  "M_UNRECOGNIZED",
  "M_BAD_JSON",
  "M_NOT_JSON",
  "M_INVALID_PARAM",
  "M_MISSING_PARAM",
  "M_TOO_LARGE",
  "M_LIMIT_EXCEEDED",
  "M_UNKNOWN",
  "STAFFROOM_HOMESERVER_UNAVAILABLE",
] as const;

/** One of {@link ERRCODES}. */
export type ErrCode = (typeof ERRCODES)[number];

/** Body of every error response: `{errcode, error}`, plus `retry_after_ms` on 429. */
export const apiErrorBodySchema = z.object({
  errcode: z.string(),
  error: z.string(),
  retry_after_ms: z.number().int().nonnegative().optional(),
});
/** Body of every error response. */
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** `GET /api/me`: who the bearer token belongs to. */
export const meResponseSchema = z.object({
  user_id: z.string(),
  is_admin: z.boolean(),
});
/** Response of `GET /api/me`. */
export type MeResponse = z.infer<typeof meResponseSchema>;

/** `GET /health`: whether the appservice can reach Synapse (200 ok, 503 degraded). */
export const healthResponseSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  synapse: z.object({
    reachable: z.boolean(),
    error: z.string().optional(),
  }),
});
/** Response of `GET /health`. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;
