import { ConfigError } from "../config/configError.ts";
import { issuesToProblems } from "../config/issues.ts";
import { parseYamlText, readYamlFile } from "../config/loadConfig.ts";
import { checkDirectory } from "./checkDirectory.ts";
import { directorySchema, looseDirectorySchema } from "./directorySchema.ts";
import type { Org } from "./org.ts";

/** The staff directory file is invalid; `problems` names every bad entry. */
export class DirectoryError extends ConfigError {
  override readonly name = "DirectoryError";
}

/** Options for {@link parseDirectory}. */
export type ParseDirectoryOptions = {
  /** Shown in the error header, usually the file path. */
  source?: string;
  /**
   * The homeserver's domain. When set, every user ID must belong to it (Staffroom manages
   * local users) and bare localparts (`alice`) are completed to `@alice:<serverName>`.
   */
  serverName?: string;
};

/**
 * Validates a parsed directory document and builds the {@link Org}. Pure: no I/O.
 * Reports every problem at once, each with its path, e.g.
 * `departments[1].members[0]: @zed:staffroom.local is not a listed operator`. Structural
 * problems (wrong types, missing or unknown keys) come first, then the cross-checks, which
 * still run over the usable part of a malformed file.
 * @throws DirectoryError
 */
export function parseDirectory(raw: unknown, options: ParseDirectoryOptions = {}): Org {
  const source = options.source ?? "directory";
  const result = directorySchema.safeParse(raw);
  if (!result.success) {
    const structural = issuesToProblems(result.error.issues);
    const loose = looseDirectorySchema.safeParse(raw);
    const reported = new Set(structural.map((p) => p.path));
    const cross = loose.success ? checkDirectory(loose.data, options.serverName).problems : [];
    throw new DirectoryError(source, [
      ...structural,
      ...cross.filter((p) => !reported.has(p.path)),
    ]);
  }
  const { org, problems } = checkDirectory(result.data, options.serverName);
  if (problems.length > 0) throw new DirectoryError(source, problems);
  return org;
}

/** {@link parseDirectory} for YAML text. */
export function parseDirectoryText(text: string, options: ParseDirectoryOptions = {}): Org {
  const source = options.source ?? "directory";
  return parseDirectory(parseYamlText(text, source), { ...options, source });
}

/**
 * Reads and parses the directory file.
 * @throws ConfigError when unreadable or not YAML, DirectoryError when invalid
 */
export async function loadDirectory(
  file: string,
  options: Omit<ParseDirectoryOptions, "source"> = {},
): Promise<Org> {
  return parseDirectory(await readYamlFile(file), { ...options, source: file });
}
