/* eslint-disable no-console -- this module is the one sanctioned bridge to the console */

/** Severity levels, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** A named logger; every client module that needs to log makes its own. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

// Production builds keep warnings and errors only: they are what an admin asks a user to copy
// from the browser console, and the rest is noise for people using the app all day.
let threshold: LogLevel = import.meta.env.PROD ? "warn" : "debug";

/**
 * Sets the lowest level that reaches the console for every logger.
 * @param level - e.g. `"debug"` while investigating a problem in a production build
 */
export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/**
 * Reports whether a message at `level` would currently be printed.
 * @param level - the level to check
 * @returns true when messages at `level` reach the console
 */
export function isLogLevelEnabled(level: LogLevel): boolean {
  return order[level] >= order[threshold];
}

/**
 * Creates a logger whose lines start with `[name]`.
 * @param name - the module or feature, e.g. `"auth"`
 * @returns a {@link Logger}
 * @example
 * const log = makeLogger("auth");
 * log.warn("restore failed", error);
 */
export function makeLogger(name: string): Logger {
  const prefix = `[${name}]`;
  const emit =
    (level: LogLevel) =>
    (message: string, ...details: unknown[]): void => {
      if (isLogLevelEnabled(level)) console[level](prefix, message, ...details);
    };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}
