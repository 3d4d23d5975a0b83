/**
 * Request and response shapes of the LiveKit token service (`/livekit/jwt`), lk-jwt-service's
 * HTTP contract: `POST /get_token` (MatrixRTC, MSC4195) and the legacy `POST /sfu/get`. Unknown
 * fields are ignored; the delayed-leave fields clients may send (`delay_id`, `delay_timeout`,
 * `delay_cs_api_url`) are accepted and not acted on: the client keeps restarting its own
 * delayed leave event.
 */
import { z } from "zod";

/** A string field; a missing one says "is required", a wrong type says what it should hold. */
const string = (what: string) =>
  z.string({
    error: (issue) => (issue.input === undefined ? "is required" : `must be a string (${what})`),
  });
const text = (what: string) => string(what).trim().min(1, `must not be empty (${what})`);

// Room version 12 IDs have no ":server" part (!<hash>), older ones do (!abc:example.org).
const roomId = string("a Matrix room ID").regex(
  /^![^\s]+$/,
  "must be a Matrix room ID such as !abc:example.org",
);

/** A Matrix OpenID token as `POST /_matrix/client/v3/user/{userId}/openid/request_token` returns it. */
export const openIdTokenSchema = z.object({
  access_token: text("the OpenID access token"),
  matrix_server_name: text("the homeserver that issued the token"),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});

/** `POST /livekit/jwt/get_token`. */
export const getTokenRequestSchema = z.object({
  room_id: roomId,
  slot_id: text("the MatrixRTC slot, e.g. m.call#ROOM"),
  openid_token: openIdTokenSchema,
  member: z.object({
    id: text("the MatrixRTC membership ID"),
    claimed_user_id: text("your Matrix user ID"),
    claimed_device_id: text("your Matrix device ID"),
  }),
});
/** Body of `POST /livekit/jwt/get_token`. */
export type GetTokenRequest = z.infer<typeof getTokenRequestSchema>;

/** `POST /livekit/jwt/sfu/get` (legacy; Element Call falls back to it). */
export const legacySfuRequestSchema = z.object({
  room: roomId,
  openid_token: openIdTokenSchema,
  device_id: text("your Matrix device ID"),
});
/** Body of `POST /livekit/jwt/sfu/get`. */
export type LegacySfuRequest = z.infer<typeof legacySfuRequestSchema>;

/** Both routes answer: where to connect, and the LiveKit access token to connect with. */
export type SfuTokenResponse = { url: string; jwt: string };
