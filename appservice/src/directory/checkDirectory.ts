import type { ConfigProblem } from "../config/configError.ts";
import type { DirectoryFile } from "./directorySchema.ts";
import type { Department, Operator, Org } from "./org.ts";
import { resolveUserId } from "./userIds.ts";

// Rules between entries of a schema-valid directory file: user IDs well formed and on our
// homeserver (bare localparts completed), unique operators and department ids, members and
// department admins are listed operators, no one listed twice in a list. Pure.

/** What {@link checkDirectory} found: the Org, usable only when `problems` is empty. */
export type DirectoryCheck = { org: Org; problems: ConfigProblem[] };

/**
 * Resolves every user reference and cross-checks the entries, collecting ALL problems with
 * their paths (e.g. `departments[1].admins[0]: @zed:staffroom.local is not a listed operator`).
 * @param serverName the homeserver's domain (completes bare localparts); see resolveUserId
 */
export function checkDirectory(
  file: DirectoryFile,
  serverName: string | undefined,
): DirectoryCheck {
  const problems: ConfigProblem[] = [];
  const resolve = (path: string, ref: string): string | undefined => {
    // Empty only in a loose pass (see looseDirectorySchema): already reported.
    if (ref === "") return undefined;
    const resolved = resolveUserId(ref, serverName);
    if (resolved.ok) return resolved.userId;
    problems.push({ path, message: resolved.message });
    return undefined;
  };

  const operatorAt = new Map<string, string>();
  const operators: Operator[] = [];
  file.operators.forEach((operator, i) => {
    const path = `operators[${i}].user_id`;
    const userId = resolve(path, operator.user_id);
    if (userId === undefined) return;
    const first = operatorAt.get(userId);
    if (first !== undefined) {
      problems.push({ path, message: `${userId} is listed twice (first at ${first})` });
      return;
    }
    operatorAt.set(userId, `operators[${i}]`);
    operators.push({
      userId,
      displayName: operator.display_name,
      ...(operator.email !== undefined ? { email: operator.email } : {}),
    });
  });

  // Resolves one list of operators (department members or admins) without duplicates.
  const operatorList = (path: string, refs: readonly string[], what: string): string[] => {
    const list: string[] = [];
    refs.forEach((ref, j) => {
      const userId = resolve(`${path}[${j}]`, ref);
      if (userId === undefined) return;
      if (!operatorAt.has(userId)) {
        problems.push({ path: `${path}[${j}]`, message: `${userId} is not a listed operator` });
      } else if (list.includes(userId)) {
        problems.push({ path: `${path}[${j}]`, message: `${userId} is listed twice in ${what}` });
      } else {
        list.push(userId);
      }
    });
    return list;
  };

  const departmentAt = new Map<string, number>();
  const departments = file.departments.map((department, i): Department => {
    const first = departmentAt.get(department.id);
    if (department.id === "") {
      // A broken id in a loose pass: already reported.
    } else if (first !== undefined) {
      problems.push({
        path: `departments[${i}].id`,
        message: `"${department.id}" is used twice (first at departments[${first}])`,
      });
    } else {
      departmentAt.set(department.id, i);
    }
    const members = operatorList(
      `departments[${i}].members`,
      department.members,
      "this department",
    );
    const admins = operatorList(
      `departments[${i}].admins`,
      department.admins,
      "this department's admins",
    );
    return {
      id: department.id,
      name: department.name,
      ...(department.topic !== undefined ? { topic: department.topic } : {}),
      // Admins belong to their department even when not repeated under `members`.
      members: [...members, ...admins.filter((admin) => !members.includes(admin))],
      admins,
    };
  });

  // Org admins need not be operators (e.g. an IT account) and a repeat is harmless.
  const admins = new Set<string>();
  file.admins.forEach((ref, i) => {
    const userId = resolve(`admins[${i}]`, ref);
    if (userId !== undefined) admins.add(userId);
  });

  return { org: { operators, departments, admins: [...admins] }, problems };
}
