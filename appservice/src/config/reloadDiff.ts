import { HOT_RELOADABLE_KEYS, type AppConfig } from "./schema.ts";

/**
 * Dotted keys whose value differs between two configs and that only take effect after a
 * restart (everything not in {@link HOT_RELOADABLE_KEYS}). SIGHUP logs them so an admin knows
 * the edit was seen but not applied yet. Pure.
 */
export function restartRequiredChanges(current: AppConfig, next: AppConfig): string[] {
  const hot = new Set<string>(HOT_RELOADABLE_KEYS);
  const before = flatten(current);
  const after = flatten(next);
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => !hot.has(key) && before.get(key) !== after.get(key)).sort();
}

// Leaf values by dotted path, compared as JSON so arrays and numbers compare by value.
function flatten(
  value: unknown,
  prefix = "",
  out = new Map<string, string>(),
): Map<string, string> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) {
      flatten(item, prefix === "" ? key : `${prefix}.${key}`, out);
    }
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}
