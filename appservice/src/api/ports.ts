// What the HTTP API needs from the homeserver, as ports. src/matrix/ implements them against
// Synapse; unit tests pass in-memory fakes. Results are unions rather than exceptions so the
// auth middleware must decide, case by case, between 401 and 503.

/** Outcome of asking the homeserver who an access token belongs to. */
export type WhoamiResult =
  | { status: "valid"; userId: string }
  /** The homeserver refused the token (unknown, expired, logged out, locked). */
  | { status: "invalid"; errcode: string; message: string }
  /** The homeserver could not answer (down, timeout, 5xx): say nothing about the token. */
  | { status: "unavailable"; reason: string };

/** Verifies Matrix access tokens (Synapse `GET /_matrix/client/v3/account/whoami`). */
export interface TokenVerifier {
  whoami(accessToken: string): Promise<WhoamiResult>;
}

/** Whether the homeserver answers; `error` says why not. */
export type SynapseStatus = { reachable: true } | { reachable: false; error: string };

/** Checks that the homeserver answers (Synapse `GET /_matrix/client/versions`). */
export interface HomeserverProbe {
  isSynapseReachable(): Promise<SynapseStatus>;
}
