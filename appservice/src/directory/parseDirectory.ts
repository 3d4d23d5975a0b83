import { ConfigError, type ConfigProblem } from "../config/configError.ts";
import { issuesToProblems } from "../config/issues.ts";
import { parseYamlText, readYamlFile } from "../config/loadConfig.ts";
import { directorySchema, type DirectoryFile } from "./directorySchema.ts";
import type { Org } from "./org.ts";

/** The staff directory file is invalid; `problems` names every bad entry. */
export class DirectoryError extends ConfigError {
  override readonly name = "DirectoryError";
}

/** Options for {@link parseDirectory}. */
export type ParseDirectoryOptions = {
  /** Shown in the error header, usually the file path. */
  source?: string;
  /** When set, every user ID must belong to this homeserver (Staffroom manages local users). */
  serverName?: string;
};

/**
 * Validates a parsed directory document and builds the {@link Org}. Pure: no I/O.
 * Reports every problem at once, each with its path, e.g.
 * `departments[1].members[0]: @zed:staffroom.local is not a listed operator`.
 * @throws DirectoryError
 */
export function parseDirectory(raw: unknown, options: ParseDirectoryOptions = {}): Org {
  const source = options.source ?? "directory";
  const result = directorySchema.safeParse(raw);
  if (!result.success) throw new DirectoryError(source, issuesToProblems(result.error.issues));
  const problems = crossCheck(result.data, options.serverName);
  if (problems.length > 0) throw new DirectoryError(source, problems);
  return toOrg(result.data);
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

// Rules between entries: unique ids, members are operators, users on our homeserver.
function crossCheck(file: DirectoryFile, serverName: string | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const checkServer = (path: string, userId: string): void => {
    if (serverName !== undefined && userId.slice(userId.indexOf(":") + 1) !== serverName) {
      problems.push({
        path,
        message: `${userId} is not a user of this homeserver (${serverName})`,
      });
    }
  };

  const operatorAt = new Map<string, string>();
  file.operators.forEach((operator, i) => {
    const path = `operators[${i}].user_id`;
    const first = operatorAt.get(operator.user_id);
    if (first !== undefined) {
      problems.push({ path, message: `${operator.user_id} is listed twice (first at ${first})` });
    } else {
      operatorAt.set(operator.user_id, `operators[${i}]`);
    }
    checkServer(path, operator.user_id);
  });

  const departmentAt = new Map<string, number>();
  file.departments.forEach((department, i) => {
    const first = departmentAt.get(department.id);
    if (first !== undefined) {
      problems.push({
        path: `departments[${i}].id`,
        message: `"${department.id}" is used twice (first at departments[${first}])`,
      });
    } else {
      departmentAt.set(department.id, i);
    }
    const seen = new Set<string>();
    department.members.forEach((member, j) => {
      const path = `departments[${i}].members[${j}]`;
      if (!operatorAt.has(member)) {
        problems.push({ path, message: `${member} is not a listed operator` });
      } else if (seen.has(member)) {
        problems.push({ path, message: `${member} is listed twice in this department` });
      }
      seen.add(member);
    });
  });

  file.admins.forEach((admin, i) => checkServer(`admins[${i}]`, admin));
  return problems;
}

function toOrg(file: DirectoryFile): Org {
  return {
    operators: file.operators.map((o) => ({
      userId: o.user_id,
      displayName: o.display_name,
      ...(o.email !== undefined ? { email: o.email } : {}),
    })),
    departments: file.departments.map((d) => ({ id: d.id, name: d.name, members: d.members })),
    admins: [...new Set(file.admins)],
  };
}
