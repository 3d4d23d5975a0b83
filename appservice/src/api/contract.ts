import { z } from "zod";

// The HTTP contract between the appservice and the web client (design.md §4 "Fixed contracts").
// The client imports these through `@staffroom/appservice/contract` (with `import type` for
// the types), so this file must stay free of Node-only imports: zod only.

/**
 * Every errcode the API answers with. `M_*` codes follow the Matrix spec's meanings;
 * `STAFFROOM_*` are ours. The HTTP status of each is fixed in src/api/apiError.ts.
 */
export const ERRCODES = [
  "M_MISSING_TOKEN",
  "M_UNKNOWN_TOKEN",
  "M_FORBIDDEN",
  "M_NOT_FOUND",
  "M_UNRECOGNIZED",
  "M_BAD_JSON",
  "M_NOT_JSON",
  "M_INVALID_PARAM",
  "M_MISSING_PARAM",
  "M_TOO_LARGE",
  "M_LIMIT_EXCEEDED",
  "M_UNKNOWN",
  // The LiveKit token service (/livekit/jwt), as lk-jwt-service answers: a refused OpenID
  // token, and meetings that are off or whose LiveKit server can't be reached.
  "M_UNAUTHORIZED",
  "M_UNAVAILABLE",
  "STAFFROOM_HOMESERVER_UNAVAILABLE",
  "STAFFROOM_SCRUB_OFF",
  "STAFFROOM_SCRUB_BUSY",
  // Meeting guests: mail not set up (or refused), and invitation links that can't be used.
  "STAFFROOM_MAIL_UNCONFIGURED",
  "STAFFROOM_MAIL_FAILED",
  "STAFFROOM_INVITE_USED",
  "STAFFROOM_INVITE_EXPIRED",
  "STAFFROOM_MEETING_ENDED",
] as const;

/** One of {@link ERRCODES}. */
export type ErrCode = (typeof ERRCODES)[number];

/** One problem with a request: which field (`body` for the whole body), what is wrong. */
export const apiProblemSchema = z.object({
  /** Where in a file (`line 7`, `item 3`); only for file imports. */
  location: z.string().optional(),
  field: z.string(),
  message: z.string(),
});
/** One problem with a request. */
export type ApiProblem = z.infer<typeof apiProblemSchema>;

/**
 * Body of every error response: `{errcode, error}`, plus `retry_after_ms` on 429. Validation
 * errors add `errors` (the first 100 problems) and `error_count` (all of them).
 */
export const apiErrorBodySchema = z.object({
  errcode: z.string(),
  error: z.string(),
  retry_after_ms: z.number().int().nonnegative().optional(),
  errors: z.array(apiProblemSchema).optional(),
  error_count: z.number().int().nonnegative().optional(),
});
/** Body of every error response. */
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** `GET /api/me`: who the bearer token belongs to. */
export const meResponseSchema = z.object({
  user_id: z.string(),
  is_admin: z.boolean(),
});
/** Response of `GET /api/me`. */
export type MeResponse = z.infer<typeof meResponseSchema>;

/** `GET /health`: whether the appservice can reach Synapse (200 ok, 503 degraded). */
export const healthResponseSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  synapse: z.object({
    reachable: z.boolean(),
    error: z.string().optional(),
  }),
  /** The last membership-sync pass (informational: it does not change `status`). */
  sync: z
    .object({
      last_run: z.string().nullable(),
      status: z.string(),
      run_id: z.string().optional(),
      error: z.string().optional(),
    })
    .optional(),
  /** Restarts of each child since `npm start` began (present only under its supervisor). */
  restarts: z
    .object({ appservice: z.number(), synapse: z.number(), livekit: z.number() })
    .optional(),
});
/** Response of `GET /health`. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;

// FAQ search, groups, admin and the share message.
export * from "./faqContract.ts";

// Meetings with email-invited guests.
export * from "./meetingsContract.ts";

// Rooms made in other clients, adopted under the policy.
export * from "./roomsContract.ts";

// ---- Direct chats and the directory ----

// Same grammar as the directory file's user IDs (src/directory/directorySchema.ts).
const matrixUserId = z
  .string()
  .regex(
    /^@[a-z0-9._=/+-]+:[a-zA-Z0-9.:[\]-]+$/,
    "must be a Matrix user ID such as @bob:staffroom.local",
  );

/** `POST /api/direct` body: the operator to chat with. */
export const directRequestSchema = z.strictObject({ user_id: matrixUserId });
/** Body of `POST /api/direct`. */
export type DirectRequest = z.infer<typeof directRequestSchema>;

/** `POST /api/direct` answer: the pair's one direct room (the same for both directions). */
export const directResponseSchema = z.object({ room_id: z.string() });
/** Response of `POST /api/direct`. */
export type DirectResponse = z.infer<typeof directResponseSchema>;

/** A department member. `is_admin`: a department admin or an org admin. */
export const memberEntrySchema = z.object({
  user_id: z.string(),
  display_name: z.string(),
  is_admin: z.boolean(),
});
/** A department member. */
export type MemberEntry = z.infer<typeof memberEntrySchema>;

/** `GET /api/directory`: the caller's departments (org admins: all), rooms and operators. */
export const directoryResponseSchema = z.object({
  departments: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      topic: z.string().nullable(),
      /** Null until provisioning has created the room. */
      room_id: z.string().nullable(),
      members: z.array(memberEntrySchema),
    }),
  ),
  all_staff_room_id: z.string().nullable(),
  space_id: z.string().nullable(),
  /** Every operator except the caller, with the caller's direct room with them if any. */
  operators: z.array(
    z.object({
      user_id: z.string(),
      display_name: z.string(),
      direct_room_id: z.string().nullable(),
      /**
       * The pair's other DMs, made in another client while they already had a Staffroom one
       * (docs/contracts.md, "Rooms made in other clients"); absent or empty when none.
       */
      other_room_ids: z.array(z.string()).optional(),
    }),
  ),
});
/** Response of `GET /api/directory`. */
export type DirectoryResponse = z.infer<typeof directoryResponseSchema>;

/** Presence as Synapse reports it; `unknown` when Synapse would not say. */
export const PRESENCE_STATES = ["online", "unavailable", "offline", "unknown"] as const;

/** `GET /api/departments/{id}/members`: the department's members with their presence. */
export const departmentMembersResponseSchema = z.object({
  department: z.object({ id: z.string(), name: z.string() }),
  members: z.array(
    memberEntrySchema.extend({
      presence: z.enum(PRESENCE_STATES),
      last_active_ago: z.number().int().nonnegative().optional(),
      currently_active: z.boolean().optional(),
      status_msg: z.string().optional(),
    }),
  ),
});
/** Response of `GET /api/departments/{id}/members`. */
export type DepartmentMembersResponse = z.infer<typeof departmentMembersResponseSchema>;

// ---- Membership sync ----

/** `POST /api/admin/sync` body: run a pass (`false`), or only plan it (`true`). Required. */
export const syncRequestSchema = z.strictObject({
  dry_run: z.boolean({ error: "dry_run must be true (plan only) or false (run the pass)" }),
});
/** Body of `POST /api/admin/sync`. */
export type SyncRequest = z.input<typeof syncRequestSchema>;

/** `POST /api/admin/sync` answer: the plan (applied unless a dry run) and its totals. */
export const syncResponseSchema = z.object({
  run_id: z.string(),
  dry_run: z.boolean(),
  actions: z.array(
    z.object({
      type: z.string(),
      /** Room alias (or room ID); absent for account actions. */
      room: z.string().optional(),
      user: z.string().optional(),
      detail: z.string(),
      /** Only when applied: `ok` or `failed`. */
      outcome: z.enum(["ok", "failed"]).optional(),
      error: z.string().optional(),
    }),
  ),
  summary: z.object({
    status: z.string(),
    actions: z.number().int(),
    applied: z.number().int(),
    failed: z.number().int(),
    by_type: z.record(z.string(), z.number().int()),
    rooms_observed: z.number().int(),
    requests: z.object({ reads: z.number().int(), writes: z.number().int() }),
    duration_ms: z.number(),
    error: z.string().optional(),
  }),
});
/** Response of `POST /api/admin/sync`. */
export type SyncResponse = z.infer<typeof syncResponseSchema>;

/**
 * One recorded sync pass, `GET /api/admin/sync/runs`. `interrupted`: the process running it
 * stopped (killed, crashed) before it finished; `reason` says so. `summary` as in the POST.
 */
export const syncRunSchema = z.object({
  id: z.string(),
  trigger: z.string(),
  dry_run: z.boolean(),
  status: z.enum(["running", "succeeded", "partial", "failed", "busy", "interrupted"]),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  reason: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()).nullable(),
});
/** A sync run. */
export type SyncRunView = z.infer<typeof syncRunSchema>;
/** `GET /api/admin/sync/runs` answer, newest first. */
export type SyncRunsResponse = { runs: SyncRunView[] };

// Scrub retention: admin settings, preview and runs.
export * from "./scrubContract.ts";
