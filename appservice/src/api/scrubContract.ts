import { z } from "zod";
import { SCOPE_KINDS } from "./roomsContract.ts";

// Scrub retention part of the HTTP contract (admin settings, preview, runs), re-exported by
// contract.ts for the web client. zod only: no Node-only imports.

/** `GET /api/admin/settings` answer and `PUT` body: `scrub_days` null = scrub off. */
export const adminSettingsSchema = z.strictObject({
  scrub_days: z
    .number({ error: "scrub_days must be null (off) or a whole number of days" })
    .int("scrub_days must be a whole number of days")
    .min(1, "scrub_days must be at least 1 (or null for off)")
    .max(3650, "scrub_days must be at most 3650 (or null for off)")
    .nullable(),
});
/** Admin settings. */
export type AdminSettings = z.infer<typeof adminSettingsSchema>;

/** `POST /api/admin/scrub/preview` answer: per room, what a run now would remove. */
export const scrubPreviewResponseSchema = z.object({
  scrub_days: z.number().int(),
  /** Epoch ms: events before it go. */
  cutoff_ts: z.number().int(),
  rooms: z.array(
    z.object({
      room_id: z.string(),
      kind: z.enum(SCOPE_KINDS),
      /**
       * The room's name for admins: the department's name, "All Staff", the Space's name,
       * "Direct chat: Alice Archer · Bob Baker" for a Staffroom DM, the recorded name of a room
       * adopted from another client. Null when it cannot be told (show a fallback, not a blank).
       */
      name: z.string().nullable().optional(),
      /** `m.room.message` events that would go. */
      messages: z.number().int(),
      /** Files (mxc URIs) that would be deleted. */
      files: z.number().int(),
      /** Every non-state event that would go (messages, reactions, redactions, …). */
      events: z.number().int(),
    }),
  ),
  totals: z.object({
    messages: z.number().int(),
    files: z.number().int(),
    events: z.number().int(),
  }),
});
/** Response of `POST /api/admin/scrub/preview`. */
export type ScrubPreviewResponse = z.infer<typeof scrubPreviewResponseSchema>;

/** One room of a scrub run: what happened to it, under the name it had when the run started. */
export const scrubRunRoomSchema = z.object({
  room_id: z.string(),
  kind: z.enum(SCOPE_KINDS),
  /** Recorded when the run started; null for older runs and rooms that could not be named. */
  name: z.string().nullable(),
  step: z.enum(["pending", "scanned", "purged", "done", "failed"]),
  /** Events (of them, `m.room.message` events) removed, or planned while not done yet. */
  events: z.number().int(),
  messages: z.number().int(),
  media_deleted: z.number().int(),
  error: z.string().nullable(),
});
/** One room of a scrub run. */
export type ScrubRunRoomView = z.infer<typeof scrubRunRoomSchema>;

/** One scrub run as the API shows it. */
export const scrubRunSchema = z.object({
  id: z.string(),
  status: z.enum(["running", "succeeded", "partial", "failed"]),
  trigger: z.enum(["schedule", "manual"]),
  /** Who pressed Run now; null for scheduled runs. */
  started_by: z.string().nullable(),
  scrub_days: z.number().int(),
  cutoff_ts: z.number().int(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  /** How many rooms the run covers (`room_results.length`). */
  rooms: z.number().int(),
  /** Each room of the run, in the order the run works through them. */
  room_results: z.array(scrubRunRoomSchema),
  events_purged: z.number().int(),
  media_deleted: z.number().int(),
  errors: z.array(z.string()),
  /** Set when the run was resumed after the appservice stopped during it (0011 and later). */
  reason: z.string().nullable().optional(),
});
/** A scrub run. */
export type ScrubRunView = z.infer<typeof scrubRunSchema>;

/** `GET /api/admin/scrub/runs` answer, newest first. `POST …/run` answers one `scrubRunSchema`. */
export const scrubRunsResponseSchema = z.object({ runs: z.array(scrubRunSchema) });
/** Response of `GET /api/admin/scrub/runs`. */
export type ScrubRunsResponse = z.infer<typeof scrubRunsResponseSchema>;
