// Public surface of @staffroom/appservice for tests and tools (tests/harness boots the
// appservice in-process with start()). Internals are imported from their folders directly.
export { start, type ReloadResult, type RunningAppservice, type StartOptions } from "./main.ts";
export { ConfigError, formatProblems, type ConfigProblem } from "./config/configError.ts";
export { defaultConfigPath, loadConfig, parseConfig } from "./config/loadConfig.ts";
export { loadRegistration, type Registration } from "./config/registrationFile.ts";
export type {
  ApiConfig,
  AppConfig,
  AppConfigInput,
  AppserviceConfig,
  DatabaseConfig,
  HomeserverConfig,
  LoggingConfig,
  MeetingsConfig,
} from "./config/schema.ts";
export { DirectoryError, loadDirectory, parseDirectory } from "./directory/parseDirectory.ts";
export {
  findOperator,
  isAdmin,
  type Department,
  type Operator,
  type Org,
} from "./directory/org.ts";
export type { ApiErrorBody, ErrCode, HealthResponse, MeResponse } from "./api/contract.ts";
export type { LogLevel, LogSink } from "./observability/logger.ts";
