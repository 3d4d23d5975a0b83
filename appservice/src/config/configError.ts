/** One invalid field of a configuration file: where it is and what is wrong with it. */
export type ConfigProblem = {
  /** Dotted path with array indexes, e.g. `appservice.port` or `departments[1].members[0]`. */
  path: string;
  /** Human text, e.g. `expected number, got string`. */
  message: string;
};

/**
 * A configuration file (the appservice config, the staff directory, the registration) is
 * invalid. Carries EVERY problem found, so an admin fixes the file in one pass instead of
 * restarting once per typo.
 */
export class ConfigError extends Error {
  override readonly name: string = "ConfigError";

  /**
   * @param source what was read, usually a file path (shown in the message header)
   * @param problems every bad field found; never empty
   */
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(source, problems));
  }
}

/**
 * Renders problems the way every Staffroom tool prints them:
 * a header line, then one indented `path: problem` line each.
 */
export function formatProblems(source: string, problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  ${p.path}: ${p.message}`);
  const noun = problems.length === 1 ? "problem" : "problems";
  return [`${source}: ${problems.length} ${noun}`, ...lines].join("\n");
}
