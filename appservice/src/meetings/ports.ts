// What the token service needs from Synapse and LiveKit, as ports. src/matrix/meetingsGateway.ts
// and livekitSfu.ts implement them; unit tests pass fakes.

/** Outcome of asking the homeserver whose OpenID token this is. */
export type OpenIdResult =
  | { status: "valid"; userId: string }
  /** Unknown, expired or forged. */
  | { status: "invalid" }
  /** The homeserver could not answer: say nothing about the token. */
  | { status: "unavailable"; reason: string };

/** Synapse's side: OpenID userinfo (`/_matrix/federation/v1/openid/userinfo`) and membership. */
export interface MeetingsHomeserver {
  openIdUser(accessToken: string): Promise<OpenIdResult>;
  /** Whether `userId` is joined to `roomId` now (false for unknown rooms). */
  isJoined(roomId: string, userId: string): Promise<boolean>;
}

/** The LiveKit SFU: mints join tokens and creates rooms (clients never can). */
export interface Sfu {
  /** The URL browsers connect to (`meetings.livekit.url`). */
  readonly url: string;
  /** Creates the room if it does not exist (idempotent). */
  ensureRoom(room: string): Promise<void>;
  /** A join token for `identity` in `room`, valid for an hour. */
  mintToken(room: string, identity: string): Promise<string>;
}

/** LiveKit could not be used; `message` is for people (what to fix). */
export class SfuUnavailableError extends Error {
  override name = "SfuUnavailableError";
}
