import type { Request } from "express";
import { z } from "zod";
import { formatPath } from "../config/issues.ts";
import { ApiError } from "./apiError.ts";
import type { ApiProblem } from "./contract.ts";
import { capErrors, clip, ErrorCollector, problemCount, quote } from "./errorList.ts";
import { describeBody, describeType, describeValue, expectedKeys } from "./bodyShape.ts";

/** The body of a write route that takes no fields: `{}` or nothing at all. */
export const EMPTY_BODY = z.strictObject({});

/** Any JSON object body schema (contract.ts defines them with `z.strictObject`). */
type BodySchema = z.ZodObject;

// `.strict()` once per schema, so a schema written with `z.object` still refuses unknown keys.
const strictOf = new WeakMap<BodySchema, BodySchema>();

/**
 * Validates a JSON request body against a contract schema, strictly: 400 `M_NOT_JSON` when
 * something other than JSON was sent; 400 `M_INVALID_PARAM` saying what object it wants when
 * the body is not a JSON object (`null`, `[]`, `3`, no body at all), and naming every unknown
 * key and bad field otherwise (`errors` lists the first 100, `error_count` the total). Every write route of
 * the API calls it first thing, so handlers get typed data. A route that takes no fields passes
 * {@link EMPTY_BODY}: no body, or `{}`.
 * @param schema an object schema from contract.ts
 * @param req the express request (after the API's JSON parser)
 */
export function parseBody<S extends BodySchema>(schema: S, req: Request): z.output<S> {
  const body: unknown = req.body;
  const shape = describeBody(schema);
  if (body === undefined) {
    // Nothing parsed it: either no body at all, or one the JSON parser did not take.
    const sent = req.is("*/*") !== null && Number(req.headers["content-length"] ?? 1) > 0;
    if (sent) {
      const type = clip(req.headers["content-type"] ?? "no Content-Type");
      throw new ApiError(
        "M_NOT_JSON",
        `a JSON body is expected (Content-Type: application/json), got ${type}: ${shape}`,
      );
    }
    if (schema === EMPTY_BODY || Object.keys(schema.shape).length === 0) return {} as z.output<S>;
    throw new ApiError("M_INVALID_PARAM", `the request has no body; ${shape}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError("M_INVALID_PARAM", `${shape}, not ${describeValue(body)}`);
  }
  let strict = strictOf.get(schema);
  if (strict === undefined) strictOf.set(schema, (strict = schema.strict()));
  const result = strict.safeParse(body);
  if (result.success) return result.data as z.output<S>;
  throw invalid(result.error.issues, body, schema, shape);
}

/**
 * Validates a query (or any plain value) against a schema; 400 `M_INVALID_PARAM` naming the
 * bad fields otherwise.
 * @param schema a schema from contract.ts
 * @param value `req.query`
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalid(result.error.issues, value);
}

function invalid(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  schema?: BodySchema,
  shape?: string,
): ApiError {
  const problems = new ErrorCollector<ApiProblem>();
  let missing = false;
  // Unknown keys first: a typo is the likeliest cause of the other problems.
  const ordered = [...issues].sort(
    (a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"),
  );
  for (const issue of ordered) {
    if (issue.code === "unrecognized_keys") {
      problems.add({ field: fieldOf(issue.path), message: unknownKeys(issue, schema) });
      continue;
    }
    const absent = issue.code === "invalid_type" && valueAt(input, issue.path) === undefined;
    missing ||= absent;
    const field = fieldOf(issue.path);
    const key = issue.path.length === 1 ? String(issue.path[0]) : undefined;
    const expected = key === undefined ? undefined : schema?.shape[key];
    const message = absent
      ? `is required${expected === undefined ? "" : ` (${describeType(expected)})`}`
      : clip(issue.message, 500);
    problems.add({ field, message });
  }
  const listed = problems.kept.map((p) => `${p.field}: ${p.message}`);
  const head = listed.slice(0, 3).join("; ");
  const summary = problems.count === 1 ? head : `${problemCount(problems.count)}: ${head}`;
  const hint = missing && shape !== undefined ? `; ${shape}` : "";
  return new ApiError("M_INVALID_PARAM", `${summary}${hint}`, undefined, {
    ...capErrors(problems.kept, problems.count),
  });
}

function unknownKeys(
  issue: z.core.$ZodIssue & { code: "unrecognized_keys" },
  schema: BodySchema | undefined,
): string {
  const keys = issue.keys.slice(0, 10).map(quote).join(", ");
  const more = issue.keys.length > 10 ? ` and ${issue.keys.length - 10} more` : "";
  const noun = issue.keys.length === 1 ? "key" : "keys";
  const allowed = schema === undefined ? [] : expectedKeys(schema);
  const expected =
    allowed.length === 0
      ? "this request takes no fields"
      : `expected one of: ${allowed.join(", ")}`;
  return `unknown ${noun} ${keys}${more} (${expected})`;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "body" : clip(formatPath(path));
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}
