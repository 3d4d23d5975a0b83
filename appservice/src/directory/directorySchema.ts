import { z } from "zod";

// Shape of the staff directory file (directory.sample.yaml). Field-level rules live here;
// rules that relate entries to each other (uniqueness, membership) live in parseDirectory.ts.

/** Matrix user ID with the historical lowercase localpart grammar that Synapse accepts. */
export const USER_ID_PATTERN = /^@[a-z0-9._=/+-]+:[a-zA-Z0-9.:[\]-]+$/;

const userId = z
  .string()
  .regex(USER_ID_PATTERN, "must be a Matrix user ID such as @alice:staffroom.local");

const operatorSchema = z.strictObject({
  user_id: userId,
  display_name: z.string().trim().min(1, "must not be empty"),
  email: z.email("must be an email address").optional(),
});

const departmentSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, "must use only lowercase letters, digits and dashes"),
  name: z.string().trim().min(1, "must not be empty"),
  members: z.array(userId).default([]),
});

/** The directory file: operators, departments and admins. */
export const directorySchema = z.strictObject({
  operators: z.array(operatorSchema),
  departments: z.array(departmentSchema).default([]),
  admins: z.array(userId).default([]),
});

/** The directory file as validated by {@link directorySchema} (snake_case, as written). */
export type DirectoryFile = z.output<typeof directorySchema>;
