// Filling and merging Synapse's configuration templates (synapse-config/): placeholders,
// profiles merged over the base file, and the errors that name what is wrong.

/** A template or input problem, naming the file and the placeholder or field at fault. */
export class RenderError extends Error {
  override name = "RenderError";
}

const PLACEHOLDER = /\{\{([A-Z0-9_]+)\}\}/g;

/** Fills `{{NAME}}` placeholders. Throws naming every placeholder that has no value. */
export function fillTemplate(text: string, vars: Record<string, string>, file: string): string {
  const missing = new Set<string>();
  const out = text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = vars[name];
    if (value === undefined) {
      missing.add(name);
      return "";
    }
    return value;
  });
  if (missing.size > 0) {
    throw new RenderError(
      `${file}: no value for ${[...missing].map((m) => `{{${m}}}`).join(", ")}`,
    );
  }
  return out;
}

/** Escapes a value for use inside a double-quoted YAML scalar (JSON escapes are valid YAML). */
export function quoted(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Top-level keys a profile replaces whole instead of merging: `database.args` differ per engine
 * (SQLite's `database` file would otherwise survive next to psycopg2's `dbname`).
 */
export const REPLACED_WHOLE = new Set(["database"]);

/** Deep-merges `overlay` into `base`: objects merge key by key, anything else replaces. */
export function deepMerge(
  base: unknown,
  overlay: unknown,
  replaceWhole: ReadonlySet<string> = new Set(),
): unknown {
  if (!isPlainObject(base) || !isPlainObject(overlay)) return overlay;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    out[key] = key in out && !replaceWhole.has(key) ? deepMerge(out[key], value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
