import type { ConfigProblem } from "./configError.ts";
import { formatPath } from "./issues.ts";

// mautrix-style refusal of sample placeholders: a config copied from config.sample.yaml and only
// half edited must not start against "example.org" or a "CHANGE_ME" path. The message says
// where the value came from, so the admin knows it is not a typo of theirs.

const MARKER = "CHANGE_ME";
const HINT = "this is the sample's placeholder";

/** Values that are only ever placeholders for a given key (dotted path → forbidden values). */
const FORBIDDEN_VALUES: Record<string, readonly string[]> = {
  "homeserver.domain": ["example.org", "example.com", "matrix.example.org"],
};

// URL hosts that are placeholders wherever a URL appears.
const FORBIDDEN_HOSTS = new Set(["example.org", "example.com", "matrix.example.org"]);

/**
 * Scans a raw (unvalidated) document for sample placeholders and returns one problem per
 * placeholder found, each with a hint. Pure; works on any YAML-shaped value.
 */
export function findPlaceholders(raw: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  walk(raw, [], (path, value) => {
    const dotted = formatPath(path);
    if (value.includes(MARKER)) {
      problems.push({ path: dotted, message: `contains ${MARKER}: ${HINT}, set a real value` });
    } else if (FORBIDDEN_VALUES[dotted]?.includes(value.trim().toLowerCase())) {
      problems.push({ path: dotted, message: `"${value}": ${HINT}, set your own value` });
    } else if (FORBIDDEN_HOSTS.has(urlHost(value) ?? "")) {
      problems.push({ path: dotted, message: `"${value}": ${HINT}, set your own URL` });
    }
  });
  return problems;
}

function walk(
  value: unknown,
  path: PropertyKey[],
  visit: (path: PropertyKey[], value: string) => void,
): void {
  if (typeof value === "string") {
    visit(path, value);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, [...path, index], visit));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) walk(item, [...path, key], visit);
  }
}

function urlHost(value: string): string | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    return new URL(value).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
