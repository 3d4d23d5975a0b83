/** A start-up failure explained in one line, with what to do about it. */
export class StartupError extends Error {
  override name = "StartupError";
  /**
   * @param message what went wrong
   * @param hint what the person should do next
   * @param logPath a log file worth reading, if any
   */
  constructor(
    message: string,
    readonly hint: string,
    readonly logPath?: string,
  ) {
    super(message);
  }
}
