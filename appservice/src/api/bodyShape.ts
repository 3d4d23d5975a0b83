import type { z } from "zod";
import { clip } from "./errorList.ts";

// Plain-words descriptions of what a JSON body must look like, read from its zod schema, for
// error messages: `{"dry_run": true|false}`, `{"name": string, "visibility"?: "public"|"internal"}`.

// Keys spelled out in a description; a longer schema ends in "…".
const SHAPE_KEYS = 12;

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  options?: z.ZodType[];
};

/** The keys a body schema accepts, in order. */
export function expectedKeys(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}

/**
 * "the body must be a JSON object {…}" with each key, `?` on optional ones, and a type hint.
 * @example describeBody(syncRequestSchema) // 'the body must be a JSON object {"dry_run": true|false}'
 */
export function describeBody(schema: z.ZodObject): string {
  const entries = Object.entries(schema.shape as Record<string, z.ZodType>);
  const fields = entries.slice(0, SHAPE_KEYS).map(([key, value]) => {
    const optional = value.safeParse(undefined).success ? "?" : "";
    return `${JSON.stringify(key)}${optional}: ${describeType(value)}`;
  });
  if (entries.length > SHAPE_KEYS) fields.push("…");
  return fields.length === 0
    ? "the body must be empty or a JSON object with no fields ({})"
    : `the body must be a JSON object {${fields.join(", ")}}`;
}

/** A type hint for one field: `string`, `true|false`, `"a"|"b"`, `number|null`, … */
export function describeType(schema: z.ZodType): string {
  const def = schema.def as unknown as Def;
  switch (def.type) {
    case "optional":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
      return def.innerType === undefined ? "value" : describeType(def.innerType);
    case "nullable":
      return def.innerType === undefined ? "null" : `${describeType(def.innerType)}|null`;
    case "pipe":
      return def.in === undefined ? "value" : describeType(def.in);
    case "boolean":
      return "true|false";
    case "string":
    case "number":
    case "array":
    case "object":
      return def.type;
    case "enum":
      return Object.values(def.entries ?? {})
        .map((v) => JSON.stringify(v))
        .join("|");
    case "literal":
      return (def.values ?? []).map((v) => JSON.stringify(v)).join("|");
    case "union":
      return (def.options ?? []).map(describeType).join("|");
    default:
      return "value";
  }
}

/** What a caller sent instead of an object, for messages: `null`, `an array`, `the number 3`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(clip(value))}`;
  if (typeof value === "number" || typeof value === "boolean") {
    return `${typeof value} ${String(value)}`;
  }
  return typeof value;
}
