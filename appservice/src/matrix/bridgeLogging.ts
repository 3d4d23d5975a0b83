import { Writable } from "node:stream";
import { Logger as BridgeLogger } from "matrix-appservice-bridge";
import { makeLogger, type LogLevel } from "../observability/logger.ts";

// matrix-appservice-bridge (and the bot-sdk under it) log through their own winston logger.
// Instead of a second console format, we give winston one object-mode stream and re-emit each
// entry through our logger as `bridge/<module>`, so level, format and sink come from our config.

type WinstonEntry = { level?: unknown; module?: unknown; data?: unknown };

const WINSTON_LEVELS: Record<LogLevel, string> = {
  error: "error",
  warn: "warn",
  info: "info",
  debug: "debug",
};

/**
 * Routes the bridge's logs into ours and sets its level. Idempotent: call again when the
 * level changes (SIGHUP); the bridge replaces its previous winston logger.
 */
export function configureBridgeLogging(level: LogLevel): void {
  const sink = new Writable({
    objectMode: true,
    write(entry: WinstonEntry, _encoding, done) {
      forward(entry);
      done();
    },
  });
  BridgeLogger.root.configureLogging({ json: false }, sink);
  // The stream transport is created at "debug"; lowering it here means filtered lines are
  // dropped by winston before they are formatted (bot-sdk debug logs every HTTP request).
  for (const transport of BridgeLogger.root.winston?.transports ?? []) {
    transport.level = WINSTON_LEVELS[level];
  }
}

function forward(entry: WinstonEntry): void {
  const module = typeof entry.module === "string" ? entry.module : "bridge";
  const log = makeLogger(`bridge/${module}`);
  const level = toLevel(entry.level);
  if (!log.isEnabled(level)) return;
  const parts = Array.isArray(entry.data) ? (entry.data as unknown[]) : [];
  log[level](BridgeLogger.formatLogEntryPartArray(...parts));
}

function toLevel(level: unknown): LogLevel {
  const name = typeof level === "string" ? level.toLowerCase() : "info";
  if (name === "error" || name === "warn" || name === "info") return name;
  return "debug"; // debug, verbose, trace, silly
}
