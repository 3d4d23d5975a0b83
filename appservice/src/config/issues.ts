import type { z } from "zod";
import type { ConfigProblem } from "./configError.ts";

/**
 * Formats a zod issue path as admins write it: `a.b[1].c` (root: `(top level)`).
 * Shared by every file parser (config, directory, registration) so messages look alike.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(top level)" : out;
}

/**
 * Turns zod issues into `path: problem` pairs in plain words. One problem per unknown key, so
 * a typo names the exact key to fix.
 */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({ path: formatPath([...issue.path, key]), message: "unknown key" });
      }
      continue;
    }
    problems.push({ path: formatPath(issue.path), message: describeIssue(issue) });
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type": {
      // zod phrases a missing key as "expected X, received undefined": say "required".
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === "undefined") return `is required (${issue.expected})`;
      // No "received" in it: the schema's own message (e.g. `.int("must be a whole number")`).
      if (received === undefined) return issue.message;
      return `expected ${issue.expected}, got ${received}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union": {
      // A discriminated union with an unknown tag lists the allowed tags in `options`.
      const options: unknown = (issue as { options?: unknown }).options;
      if (Array.isArray(options)) {
        return `must be one of ${options.map((v) => JSON.stringify(v)).join(", ")}`;
      }
      return issue.message;
    }
    default:
      return issue.message;
  }
}
