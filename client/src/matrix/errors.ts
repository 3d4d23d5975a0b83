import { ConnectionError, HTTPError, MatrixError, safeGetRetryAfterMs } from "matrix-js-sdk";
import { UserFacingError } from "../lib/userFacingError.ts";

/** What the person was doing when a Matrix request failed; it changes how some errors read. */
export type MatrixActionKind = "login" | "request";

/**
 * The homeserver no longer accepts the stored access token (signed out elsewhere, revoked by an
 * admin, or the server's database was reset). The only way forward is to sign in again.
 */
export class SessionEndedError extends UserFacingError {
  override name = "SessionEndedError";
}

/** Message shown on the login form when a saved or running session stops being valid. */
export const SESSION_ENDED_MESSAGE =
  "Your session has ended (it may have been signed out from another device). Please sign in again.";

/**
 * Tells whether an error means "the access token is no longer valid".
 * @param error - anything thrown by matrix-js-sdk
 * @returns true for `401 M_UNKNOWN_TOKEN`
 */
export function isUnknownTokenError(error: unknown): boolean {
  return error instanceof MatrixError && error.errcode === "M_UNKNOWN_TOKEN";
}

/**
 * Tells whether an error means "the homeserver could not be reached": no network, DNS, refused
 * connection, or a proxy answering 5xx without a Matrix error body because Synapse is down.
 * @param error - anything thrown by matrix-js-sdk
 * @returns true when retrying later may help
 */
export function isUnreachableError(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  if (error instanceof TypeError) return true; // fetch rejects with TypeError when offline
  if (error instanceof MatrixError) return false;
  return error instanceof HTTPError && (error.httpStatus ?? 0) >= 500;
}

/**
 * Translates a matrix-js-sdk failure into a sentence for the person using the app.
 * @param error - anything thrown by matrix-js-sdk
 * @param homeserverUrl - named in "can't reach" messages so an admin can spot a wrong URL
 * @param kind - `"login"` reads `M_FORBIDDEN` as a wrong password
 * @returns a {@link UserFacingError} carrying the original as `cause`
 */
export function toUserFacingError(
  error: unknown,
  homeserverUrl: string,
  kind: MatrixActionKind = "request",
): UserFacingError {
  if (error instanceof UserFacingError) return error;
  const options = { cause: error };
  if (isUnreachableError(error)) {
    return new UserFacingError(
      `Can't reach the Staffroom server at ${homeserverUrl}. Check your connection or ask your admin.`,
      options,
    );
  }
  if (error instanceof HTTPError && error.isRateLimitError()) {
    // Reached only once the automatic waiting (rateLimitRetry.ts) gave up.
    const seconds = Math.max(1, Math.ceil(safeGetRetryAfterMs(error, 5000) / 1000));
    const wait = `Please wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`;
    return new UserFacingError(
      kind === "login"
        ? `Too many attempts. ${wait}`
        : `The server is busy and asked to slow down. ${wait}`,
      options,
    );
  }
  if (!(error instanceof MatrixError)) {
    return new UserFacingError(
      "Something went wrong talking to the server. Please try again.",
      options,
    );
  }
  switch (error.errcode) {
    case "M_FORBIDDEN":
      return new UserFacingError(
        kind === "login"
          ? "Incorrect username or password."
          : "You don't have permission to do that.",
        options,
      );
    case "M_USER_DEACTIVATED":
      return new UserFacingError(
        "This account has been deactivated. Ask your admin for help.",
        options,
      );
    case "M_UNKNOWN_TOKEN":
      return new SessionEndedError(SESSION_ENDED_MESSAGE, options);
    case "M_INVALID_USERNAME":
      return new UserFacingError("That username is not valid. Check it and try again.", options);
    default:
      // The server's own sentence, never its errcode (M_…) alone.
      return new UserFacingError(
        typeof error.data.error === "string" && error.data.error.trim() !== ""
          ? `The server could not complete the request: ${error.data.error.trim()}.`
          : "The server could not complete the request. Please try again.",
        options,
      );
  }
}
