/**
 * Optional TURN settings for Synapse (1:1 calls between people on different networks). Synapse
 * hands short-lived TURN credentials to clients (`GET /voip/turnServer`) when `turn_uris` and
 * `turn_shared_secret` are set; the TURN server (coturn with `use-auth-secret` and the same
 * `static-auth-secret`) checks them. Absent by default: on one LAN (or loopback) calls connect
 * without TURN. Pure: env in, Synapse config keys out.
 */

/** What {@link turnHomeserverKeys} renders. */
export type TurnSettings = {
  /** `turn:` / `turns:` URIs, e.g. `turn:turn.example.org:3478?transport=udp`. */
  uris: string[];
  /** Shared with coturn's `static-auth-secret`. */
  sharedSecret: string;
  /** How long handed-out credentials stay valid, Synapse duration syntax (`1h`, `86400000`). */
  userLifetime?: string;
};

const TURN_URI = /^turns?:[^\s,]+$/;
const DURATION = /^\d+(ms|s|m|h|d|w|y)?$/;

/**
 * Checks TURN settings.
 * @returns every problem found, each naming the setting (empty when valid)
 */
export function turnProblems(turn: TurnSettings, names = TURN_ENV): string[] {
  const problems: string[] = [];
  if (turn.uris.length === 0) problems.push(`${names.uris}: no TURN URI given`);
  for (const uri of turn.uris) {
    if (!TURN_URI.test(uri)) problems.push(`${names.uris}: "${uri}" is not a turn: or turns: URI`);
  }
  if (turn.sharedSecret.length < 16)
    problems.push(`${names.secret}: missing or shorter than 16 characters`);
  if (turn.userLifetime !== undefined && !DURATION.test(turn.userLifetime))
    problems.push(
      `${names.lifetime}: "${turn.userLifetime}" is not a duration (e.g. 1h, 86400000)`,
    );
  return problems;
}

/** The homeserver.yaml keys for TURN (merged over the template and profile). */
export function turnHomeserverKeys(turn: TurnSettings): Record<string, unknown> {
  return {
    turn_uris: turn.uris,
    turn_shared_secret: turn.sharedSecret,
    ...(turn.userLifetime !== undefined && { turn_user_lifetime: turn.userLifetime }),
  };
}

/** Environment variables `render-config` and `npm start` read TURN settings from. */
export const TURN_ENV = {
  uris: "STAFFROOM_TURN_URIS",
  secret: "STAFFROOM_TURN_SHARED_SECRET",
  lifetime: "STAFFROOM_TURN_USER_LIFETIME",
} as const;

/**
 * Reads TURN settings from the environment: `STAFFROOM_TURN_URIS` (comma-separated),
 * `STAFFROOM_TURN_SHARED_SECRET`, optional `STAFFROOM_TURN_USER_LIFETIME`.
 * @returns undefined when no TURN variable is set (TURN off); the settings otherwise (check
 *   them with {@link turnProblems})
 */
export function turnFromEnv(env: NodeJS.ProcessEnv): TurnSettings | undefined {
  const uris = env[TURN_ENV.uris]?.trim() ?? "";
  const secret = env[TURN_ENV.secret]?.trim() ?? "";
  const lifetime = env[TURN_ENV.lifetime]?.trim() || undefined;
  if (!uris && !secret && !lifetime) return undefined;
  return {
    uris: uris
      .split(",")
      .map((uri) => uri.trim())
      .filter((uri) => uri !== ""),
    sharedSecret: secret,
    userLifetime: lifetime,
  };
}
