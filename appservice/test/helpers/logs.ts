import { configureLogging, type LogLevel } from "../../src/observability/logger.ts";

/** Captures log lines for assertions (and keeps test output quiet). */
export function captureLogs(level: LogLevel = "debug"): { lines: string[] } {
  const lines: string[] = [];
  configureLogging({ level, json: false, sink: (line) => lines.push(line) });
  return { lines };
}
