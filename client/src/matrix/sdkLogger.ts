// Deep import: the Logger type and the module-level logger are not re-exported from the root.
import { logger as globalSdkLogger, type Logger as SdkLogger } from "matrix-js-sdk/lib/logger.js";
import { isLogLevelEnabled, makeLogger } from "../lib/logger.ts";

/**
 * A matrix-js-sdk logger that routes through the client's own logger, so the SDK follows the
 * same level as the rest of the app: quiet (warnings and errors only) in production builds.
 * @param namespace - prefix for the lines, e.g. `"matrix"`
 * @returns an object satisfying the SDK's `Logger` interface, for `createClient({logger})`
 */
export function makeSdkLogger(namespace = "matrix"): SdkLogger {
  const log = makeLogger(namespace);
  return {
    trace: (...msg: unknown[]) => log.debug("trace", ...msg),
    debug: (...msg: unknown[]) => log.debug("", ...msg),
    info: (...msg: unknown[]) => log.info("", ...msg),
    warn: (...msg: unknown[]) => log.warn("", ...msg),
    error: (...msg: unknown[]) => log.error("", ...msg),
    getChild: (child: string) => makeSdkLogger(`${namespace}${child}`),
  };
}

/**
 * Quiets the SDK's module-level logger, which some SDK code still uses instead of the client's
 * logger and which prints at debug level by default. Call once before creating clients.
 */
export function quietGlobalSdkLogger(): void {
  // The exported logger is a loglevel instance at runtime; its type only shows the Logger part.
  const loglevel = globalSdkLogger as unknown as { setLevel?: (level: string) => void };
  loglevel.setLevel?.(isLogLevelEnabled("debug") ? "debug" : "warn");
}
