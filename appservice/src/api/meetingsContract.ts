import { z } from "zod";

// Meetings with email-invited guests: the dedicated meeting rooms, invites
// by email, the guest's redeem and the end of a meeting. Imported by the web client; zod only.

/** `POST /api/meetings` body: the chat the host starts the meeting from. */
export const createMeetingRequestSchema = z.strictObject({
  from_room_id: z.string().regex(/^![^\s]+$/, "must be a Matrix room ID such as !abc:host"),
});
/** Body of `POST /api/meetings`. */
export type CreateMeetingRequest = z.infer<typeof createMeetingRequestSchema>;

/** A meeting as the API shows it. Times are ISO 8601. */
export const meetingSchema = z.object({
  meeting_id: z.string(),
  room_id: z.string(),
  name: z.string(),
  host_user_id: z.string(),
  /** The chat it was started from. */
  from_room_id: z.string(),
  ended_at: z.string().nullable(),
});
/** A meeting. */
export type Meeting = z.infer<typeof meetingSchema>;

/** `GET /api/meetings`: the caller's running meetings (as host), newest first. */
export const meetingsListSchema = z.object({ meetings: z.array(meetingSchema) });
/** Response of `GET /api/meetings`. */
export type MeetingsList = z.infer<typeof meetingsListSchema>;

/** `POST /api/meetings/{id}/invites` body: the guest's email address. */
export const meetingInviteRequestSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .max(320, "must be at most 320 characters")
    .regex(/^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/, "must be an email address"),
});
/** Body of `POST /api/meetings/{id}/invites`. */
export type MeetingInviteRequest = z.infer<typeof meetingInviteRequestSchema>;

/** `POST /api/meetings/{id}/invites` answer (201): the link went out by mail. */
export const meetingInviteResponseSchema = z.object({
  invite_id: z.string(),
  expires_at: z.string(),
});
/** Response of `POST /api/meetings/{id}/invites`. */
export type MeetingInviteResponse = z.infer<typeof meetingInviteResponseSchema>;

/** `POST /api/meetings/{id}/end` answer: how many guest accounts were deactivated. */
export const endMeetingResponseSchema = z.object({
  meeting_id: z.string(),
  ended_at: z.string(),
  guests_deactivated: z.number().int(),
});
/** Response of `POST /api/meetings/{id}/end`. */
export type EndMeetingResponse = z.infer<typeof endMeetingResponseSchema>;

/** `POST /api/guests/redeem` body (no auth): the token from the link and the guest's name. */
export const redeemRequestSchema = z.strictObject({
  token: z.string().min(1, "is required"),
  display_name: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(64, "must be at most 64 characters")
    .refine(
      (name) => [...name].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f),
      "must not contain control characters",
    ),
});
/** Body of `POST /api/guests/redeem`. */
export type RedeemRequest = z.infer<typeof redeemRequestSchema>;

/** `POST /api/guests/redeem` answer: the guest's short-lived Matrix login, knocking already. */
export const redeemResponseSchema = z.object({
  user_id: z.string(),
  access_token: z.string(),
  device_id: z.string(),
  room_id: z.string(),
  meeting_name: z.string(),
  /** Base URL of the client-server API for the guest's Matrix client ("" = same origin). */
  homeserver_url: z.string(),
  expires_at: z.string(),
});
/** Response of `POST /api/guests/redeem`. */
export type RedeemResponse = z.infer<typeof redeemResponseSchema>;
