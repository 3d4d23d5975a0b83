import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { ConfigError, type ConfigProblem } from "./configError.ts";
import { issuesToProblems } from "./issues.ts";
import { findPlaceholders } from "./placeholders.ts";
import { configSchema, type AppConfig } from "./schema.ts";

/**
 * Reads a YAML file into a plain value. Syntax errors (with line and column) and a missing or
 * empty file become a {@link ConfigError}, like any other bad field.
 * @param file path of the YAML file
 * @returns the parsed document (not validated)
 */
export async function readYamlFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "file not found" : `cannot read (${code ?? String(error)})`;
    throw new ConfigError(file, [{ path: "(file)", message: reason }]);
  }
  return parseYamlText(text, file);
}

/**
 * Parses YAML text, reporting every syntax error (and duplicate keys) at once.
 * @param text YAML source
 * @param source name shown in errors (usually the file path)
 */
export function parseYamlText(text: string, source: string): unknown {
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const at = e.linePos?.[0];
      return {
        path: at ? `line ${at.line}, column ${at.col}` : "(file)",
        message: e.message.split("\n")[0] ?? e.message,
      };
    });
    throw new ConfigError(source, problems);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) {
    throw new ConfigError(source, [{ path: "(file)", message: "file is empty" }]);
  }
  return value;
}

/**
 * Validates a raw config document: schema (types, unknown keys, defaults) and sample
 * placeholders together, so the admin sees every problem in one run. Relative paths are
 * resolved against `baseDir` (the config file's folder).
 * @throws ConfigError listing every bad path
 */
export function parseConfig(raw: unknown, options: { source: string; baseDir: string }): AppConfig {
  const result = configSchema.safeParse(raw);
  const placeholders = findPlaceholders(raw);
  // A placeholder usually fails the field's own check too ("CHANGE_ME" is no server name):
  // report only the placeholder, which says where the bad value came from.
  const replaced = new Set(placeholders.map((p) => p.path));
  const schemaProblems = result.success ? [] : issuesToProblems(result.error.issues);
  const problems: ConfigProblem[] = [
    ...schemaProblems.filter((p) => !replaced.has(p.path)),
    ...placeholders,
  ];
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(options.source, problems);
  }
  return resolvePaths(result.data, options.baseDir);
}

/**
 * Reads, validates and resolves the appservice config file. Starts nothing and changes
 * nothing: a bad file only produces a {@link ConfigError}.
 * @param file path of config.yaml (relative paths inside resolve against its folder)
 */
export async function loadConfig(file: string): Promise<AppConfig> {
  const absolute = path.resolve(file);
  const raw = await readYamlFile(absolute);
  return parseConfig(raw, { source: absolute, baseDir: path.dirname(absolute) });
}

/**
 * The config file used when none is given: `$STAFFROOM_CONFIG`, else `appservice/config.yaml`
 * of this checkout. Resolved from this module's location, not the working directory, so
 * `npx staffroom` works from any folder (src/config and dist/config are at the same depth).
 */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env["STAFFROOM_CONFIG"];
  if (fromEnv !== undefined && fromEnv !== "") return path.resolve(fromEnv);
  return fileURLToPath(new URL("../../config.yaml", import.meta.url));
}

function resolvePaths(config: AppConfig, baseDir: string): AppConfig {
  const resolve = (p: string): string => path.resolve(baseDir, p);
  const database =
    config.database.client === "sqlite3" && config.database.filename !== ":memory:"
      ? { ...config.database, filename: resolve(config.database.filename) }
      : config.database;
  return {
    ...config,
    appservice: {
      ...config.appservice,
      registration_file: resolve(config.appservice.registration_file),
    },
    database,
    directory: { ...config.directory, file: resolve(config.directory.file) },
    meetings: {
      ...config.meetings,
      livekit: {
        ...config.meetings.livekit,
        ...(config.meetings.livekit.key_file === undefined
          ? {}
          : { key_file: resolve(config.meetings.livekit.key_file) }),
      },
    },
  };
}
