import { UserFacingError } from "../lib/userFacingError.ts";

/** errcode used when the request never got an HTTP answer (offline, server down). */
export const NETWORK_ERRCODE = "STAFFROOM_NETWORK";

/**
 * A failed `/api` call. `message` is the server's human text (`error`) or a readable summary, so
 * it can be shown as is; `errcode` is for code that needs to branch (e.g. `M_FORBIDDEN`).
 */
export class ApiError extends UserFacingError {
  override name = "ApiError";

  /**
   * @param status - HTTP status; 0 when there was no answer at all
   * @param errcode - the body's `errcode`, or {@link NETWORK_ERRCODE}, or `M_UNKNOWN`
   * @param message - readable text
   * @param options - `cause` keeps the underlying error for the log
   */
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when the service could not be reached at all (as opposed to refusing the request). */
  get isNetworkError(): boolean {
    return this.errcode === NETWORK_ERRCODE;
  }
}
