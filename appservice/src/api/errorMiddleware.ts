import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "../observability/logger.ts";
import { ApiError } from "./apiError.ts";

/**
 * 404 for any `/api/*` path no router answered, as JSON (never express's HTML page).
 */
export const unrecognizedRoute: RequestHandler = (req, _res, next) => {
  const path = req.originalUrl.split("?")[0] ?? "";
  next(new ApiError("M_UNRECOGNIZED", `Unrecognized request: ${req.method} ${path}`));
};

/**
 * The one error middleware. Answers `{errcode, error}` with the errcode's status; logs one
 * short line at info (warn for 5xx) and the stack at debug (skipped for deliberate 4xx
 * ApiErrors, whose stack only says which check refused the request). Anything that is not an {@link ApiError} becomes
 * a generic 500 `M_UNKNOWN`, so internals (stacks, SQL, tokens) never reach the caller.
 * Express 5 forwards rejected async handlers here, so handlers just throw.
 */
export function makeErrorMiddleware(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const apiError = toApiError(err);
    const where = `${req.method} ${req.originalUrl.split("?")[0] ?? ""}`;
    const level = apiError.status >= 500 ? "warn" : "info";
    log[level](`${where} -> ${apiError.status} ${apiError.errcode}`, {
      error: err instanceof Error ? err.message : String(err),
    });
    const deliberate = err instanceof ApiError && err.status < 500;
    if (!deliberate && err instanceof Error && err.stack !== undefined) log.debug(err.stack);
    if (res.headersSent) {
      // Too late to send a JSON error: let express close the connection.
      next(err);
      return;
    }
    res.status(apiError.status).json(apiError.toBody());
  };
}

// body-parser errors carry `type` and `status`; map them to the Matrix-style codes.
function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const type = (err as { type?: unknown } | null)?.type;
  if (type === "entity.parse.failed")
    return new ApiError("M_BAD_JSON", "Request body is not valid JSON");
  if (type === "entity.too.large") {
    const limit = (err as { limit?: unknown }).limit;
    const mb = typeof limit === "number" ? ` (the limit is ${formatMb(limit)})` : "";
    return new ApiError("M_TOO_LARGE", `Request body is too large${mb}`);
  }
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new ApiError("M_NOT_JSON", "Request body must be UTF-8 JSON");
  }
  return new ApiError("M_UNKNOWN", "Internal server error");
}

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
