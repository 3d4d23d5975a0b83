// The appservice's one logger. Every module makes a named logger once (`makeLogger("Api")`);
// main.ts configures level and format from config once (and again on SIGHUP). Nothing else in
// src/ writes to the console (lint rule no-console).

/** Log levels, most to least severe. */
export type LogLevel = "error" | "warn" | "info" | "debug";

/** Extra key/value context printed after the message (or merged into the JSON object). */
export type LogFields = Record<string, unknown>;

/** Where finished lines go; stdout unless a test or tool installs its own. */
export type LogSink = (line: string, level: LogLevel) => void;

/** A named logger. Methods never throw. */
export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{ run: "sync-42" }` for one sync run). */
  with(fields: LogFields): Logger;
  /** True when a line at `level` would be written (skip building costly messages otherwise). */
  isEnabled(level: LogLevel): boolean;
}

/** Options of {@link configureLogging}; matches the `logging` config section plus a sink. */
export type LoggingOptions = {
  level: LogLevel;
  json: boolean;
  sink?: LogSink;
};

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

// Module state on purpose: loggers are created at import time, before config is read, and must
// pick up the configured level whenever they log.
let settings: Required<LoggingOptions> = { level: "info", json: false, sink: stdoutSink };

/**
 * Sets level, format and sink for every logger, existing and future.
 * Called by main.ts from the `logging` config section (and on SIGHUP).
 */
export function configureLogging(options: LoggingOptions): void {
  settings = { level: options.level, json: options.json, sink: options.sink ?? stdoutSink };
}

/**
 * A logger named after its module, e.g. `makeLogger("Api")` → `INFO [Api] ...`.
 * @param name short module name, PascalCase by convention
 * @param bound fields added to every line (what {@link Logger.with} uses)
 */
export function makeLogger(name: string, bound: LogFields = {}): Logger {
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (SEVERITY[level] > SEVERITY[settings.level]) return;
    const all = { ...bound, ...fields };
    const line = settings.json
      ? jsonLine(level, name, message, all)
      : textLine(level, name, message, all);
    settings.sink(line, level);
  };
  return {
    error: (message, fields) => write("error", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    info: (message, fields) => write("info", message, fields),
    debug: (message, fields) => write("debug", message, fields),
    with: (fields) => makeLogger(name, { ...bound, ...fields }),
    isEnabled: (level) => SEVERITY[level] <= SEVERITY[settings.level],
  };
}

function textLine(level: LogLevel, name: string, message: string, fields: LogFields): string {
  const parts = [new Date().toISOString(), level.toUpperCase().padEnd(5), `[${name}]`, message];
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) parts.push(`${key}=${textValue(value)}`);
  }
  return parts.join(" ");
}

function jsonLine(level: LogLevel, name: string, message: string, fields: LogFields): string {
  const record: Record<string, unknown> = {
    time: new Date().toISOString(),
    level,
    logger: name,
    msg: message,
  };
  for (const [key, value] of Object.entries(fields)) {
    // Fields never overwrite the four standard keys a collector indexes on.
    if (!(key in record)) record[key] = value instanceof Error ? errorValue(value) : value;
  }
  return JSON.stringify(record, safeReplacer());
}

function textValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(errorValue(value));
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === "object" && value !== null) return JSON.stringify(value, safeReplacer());
  return String(value);
}

function errorValue(error: Error): string {
  return `${error.name}: ${error.message}`;
}

// JSON.stringify that survives cycles and bigints instead of throwing inside a log call.
function safeReplacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return (_key, value) => {
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Error) return errorValue(value);
    if (typeof value === "object" && value !== null) {
      if (seen.has(value)) return "[circular]";
      seen.add(value);
    }
    return value;
  };
}
