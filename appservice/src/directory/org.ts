// The organisation model the rest of the appservice works with. Built from the directory file
// by parseDirectory(); plain data, so planners and tests can make one with a literal.

/** A member of staff who uses Staffroom. */
export type Operator = {
  /** Full Matrix user ID, e.g. `@alice:staffroom.local` (bare localparts are resolved). */
  userId: string;
  displayName: string;
  email?: string;
};

/** A department: one managed chat room whose members are the listed operators. */
export type Department = {
  /** Stable id (`[a-z0-9-]+`), used in room aliases; never reused for another department. */
  id: string;
  name: string;
  /** Room topic; absent when the file gives none. */
  topic?: string;
  /**
   * Full Matrix user IDs, each a listed operator, without duplicates: the listed members in
   * file order, then any department admin not already listed (admins always belong).
   */
  members: readonly string[];
  /** Department admins (power level 50 in the department room); each is also in `members`. */
  admins: readonly string[];
};

/** The whole directory: who works here, in which departments, and who administers Staffroom. */
export type Org = {
  operators: readonly Operator[];
  departments: readonly Department[];
  /** Org admins: full Matrix user IDs allowed to use the admin routes (power 100 in rooms). */
  admins: readonly string[];
};

/** True when `userId` is one of the directory's (org) admins. */
export function isAdmin(org: Org, userId: string): boolean {
  return org.admins.includes(userId);
}

/** The operator with this user ID, if listed. */
export function findOperator(org: Org, userId: string): Operator | undefined {
  return org.operators.find((operator) => operator.userId === userId);
}
