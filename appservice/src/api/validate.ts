import type { z } from "zod";
import { formatPath } from "../config/issues.ts";
import { ApiError } from "./apiError.ts";

/**
 * Validates a request body (or query) against a contract schema; 400 `M_INVALID_PARAM` naming
 * the first bad field otherwise. Routers call it first thing, so handlers get typed data.
 * @param schema a schema from contract.ts
 * @param value `req.body` or `req.query`
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined ? "request" : formatPath(issue.path);
  throw new ApiError("M_INVALID_PARAM", `${where}: ${issue?.message ?? "invalid"}`);
}
