/**
 * An error whose `message` was written for the person using the app: it can be shown as is.
 * Adapters (`src/matrix/`, `src/api/`) translate transport errors into these, so components never
 * have to guess whether a message is safe or meaningful to show.
 */
export class UserFacingError extends Error {
  override name = "UserFacingError";

  /**
   * @param message - plain-language text, a full sentence
   * @param options - `cause` keeps the original error for the log
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Picks the text to show for any thrown value.
 * @param error - whatever was thrown
 * @param fallback - shown when the error was not written for people (bugs, library internals)
 * @returns a sentence safe to render
 */
export function userMessageOf(error: unknown, fallback: string): string {
  return error instanceof UserFacingError ? error.message : fallback;
}
