import { z } from "zod";

// Shape of the staff directory file (directory.sample.yaml). Field-level rules live here;
// user IDs and the rules that relate entries to each other (uniqueness, membership, the
// homeserver) live in checkDirectory.ts, so a file with a malformed user ID AND an unknown
// member reports both in one pass.

// A user reference as written: a full Matrix user ID or a bare localpart. Its grammar is
// checked (and the localpart completed) in checkDirectory.ts, which knows the server name.
const userRef = z.string().trim().min(1, "must not be empty");

const operatorSchema = z.strictObject({
  user_id: userRef,
  display_name: z.string().trim().min(1, "must not be empty"),
  email: z.email("must be an email address").optional(),
});

const departmentSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, "must use only lowercase letters, digits and dashes"),
  name: z.string().trim().min(1, "must not be empty"),
  topic: z.string().trim().min(1, "must not be empty (leave the key out for no topic)").optional(),
  members: z.array(userRef).default([]),
  // Department admins: listed operators, members of the department even when not repeated
  // under `members`.
  admins: z.array(userRef).default([]),
});

/** The directory file: operators, departments and admins. */
export const directorySchema = z.strictObject({
  operators: z.array(operatorSchema),
  departments: z.array(departmentSchema).default([]),
  admins: z.array(userRef).default([]),
});

/** The directory file as validated by {@link directorySchema} (snake_case, as written). */
export type DirectoryFile = z.output<typeof directorySchema>;

// The same shape with every field forgiving (a bad value becomes a neutral one, array entries
// keep their index): lets parseDirectory run the cross-checks even when the strict schema
// failed, so one pass reports a missing display_name AND an unknown member. Empty strings
// stand for "broken, already reported" and are skipped by the cross-checks.
const looseText = z.string().catch("");
const looseRefs = z.array(looseText).catch([]);

/** Forgiving twin of {@link directorySchema}; its output is only cross-checked, never used. */
export const looseDirectorySchema = z.object({
  operators: z
    .array(
      z
        .object({
          user_id: looseText,
          display_name: looseText,
          email: z.undefined().catch(undefined),
        })
        .catch({ user_id: "", display_name: "", email: undefined }),
    )
    .catch([]),
  departments: z
    .array(
      z
        .object({
          id: looseText,
          name: looseText,
          topic: z.undefined().catch(undefined),
          members: looseRefs,
          admins: looseRefs,
        })
        .catch({ id: "", name: "", topic: undefined, members: [], admins: [] }),
    )
    .catch([]),
  admins: looseRefs,
});
