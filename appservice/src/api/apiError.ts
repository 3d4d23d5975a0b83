import type { ApiErrorBody, ErrCode } from "./contract.ts";
import { capErrors, clip, ERROR_LIST_CAP, MESSAGE_LIMIT } from "./errorList.ts";

/**
 * The one errcode → HTTP status table. `satisfies` makes a new errcode in contract.ts without
 * a status here a type error.
 */
export const ERRCODE_STATUS = {
  M_MISSING_TOKEN: 401,
  M_UNKNOWN_TOKEN: 401,
  M_FORBIDDEN: 403,
  M_NOT_FOUND: 404,
  M_UNRECOGNIZED: 404,
  M_BAD_JSON: 400,
  M_NOT_JSON: 400,
  M_INVALID_PARAM: 400,
  M_MISSING_PARAM: 400,
  M_TOO_LARGE: 413,
  M_LIMIT_EXCEEDED: 429,
  M_UNKNOWN: 500,
  M_UNAUTHORIZED: 401,
  M_UNAVAILABLE: 503,
  // Synapse did not answer (or answered 5xx): our fault side, not the caller's token.
  STAFFROOM_HOMESERVER_UNAVAILABLE: 503,
  // Scrub retention: preview or run while the setting is off, or while a run is going on.
  STAFFROOM_SCRUB_OFF: 409,
  STAFFROOM_SCRUB_BUSY: 409,
  // Meeting guests: no SMTP settings, the mail server refused, used/expired/ended links.
  STAFFROOM_MAIL_UNCONFIGURED: 503,
  STAFFROOM_MAIL_FAILED: 502,
  STAFFROOM_INVITE_USED: 410,
  STAFFROOM_INVITE_EXPIRED: 410,
  STAFFROOM_MEETING_ENDED: 410,
} as const satisfies Record<ErrCode, number>;

/**
 * An error meant for the API caller: the message is shown to people, so say what to do.
 * Thrown anywhere in a handler; the error middleware turns it into `{errcode, error}`.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  /** HTTP status, from {@link ERRCODE_STATUS} unless overridden. */
  readonly status: number;

  /**
   * @param errcode machine-readable code, see contract.ts
   * @param message human text for the caller
   * @param status overrides the table (rarely needed)
   * @param extra more body fields, e.g. `{ retry_after_ms }`
   */
  constructor(
    readonly errcode: ErrCode,
    message: string,
    status?: number,
    readonly extra: Partial<Omit<ApiErrorBody, "errcode" | "error">> = {},
  ) {
    super(message);
    this.status = status ?? ERRCODE_STATUS[errcode];
  }

  /**
   * The JSON body sent to the caller. Kept small whatever the request held: the message is
   * clipped and a problem list cut to its first 100 (with `error_count`), see errorList.ts.
   */
  toBody(): ApiErrorBody {
    const { errors, error_count, ...rest } = this.extra;
    const list =
      errors === undefined
        ? {}
        : capErrors(
            errors
              .slice(0, ERROR_LIST_CAP)
              .map((e) => ({ ...e, message: clip(e.message, MESSAGE_LIMIT) })),
            error_count ?? errors.length,
          );
    return { errcode: this.errcode, error: clip(this.message, MESSAGE_LIMIT), ...rest, ...list };
  }
}
