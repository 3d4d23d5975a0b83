import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/configError.ts";
import { defaultConfigPath, loadConfig, parseConfig } from "../../src/config/loadConfig.ts";
import { HOT_RELOADABLE_KEYS } from "../../src/config/schema.ts";
import { tempDir } from "../helpers/files.ts";

const SAMPLE = path.resolve(import.meta.dirname, "../../config.sample.yaml");
const sampleText = readFileSync(SAMPLE, "utf8");

// The sample with every placeholder replaced the way an admin would.
const filledSample = sampleText
  .replace('"https://matrix.example.org"', '"http://127.0.0.1:8008"')
  .replace('domain: "example.org"', 'domain: "staffroom.local"')
  .replace('"/CHANGE_ME/appservice-registration.yaml"', '"registration.yaml"');

const minimal = {
  homeserver: { url: "http://127.0.0.1:8008", domain: "staffroom.local" },
  appservice: { registration_file: "reg.yaml" },
  directory: { file: "directory.yaml" },
};

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config sample", () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it("is refused while its placeholders remain, with a hint for each", async () => {
    const error = await loadConfig(SAMPLE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.path).sort()).toEqual([
      "appservice.registration_file",
      "homeserver.domain",
      "homeserver.url",
    ]);
    for (const problem of problems)
      expect(problem.message).toContain("this is the sample's placeholder");
  });

  it("passes with the placeholders replaced, and documents the real defaults", async () => {
    const file = tmp.write("config.yaml", filledSample);
    const config = await loadConfig(file);
    expect(config.appservice).toEqual({
      registration_file: path.join(tmp.dir, "registration.yaml"),
      bind_address: "127.0.0.1",
      port: 9000,
    });
    // The sample's values must equal the schema defaults it claims in its comments.
    const defaults = parseConfig(minimal, { source: "test", baseDir: tmp.dir });
    expect(config.api).toEqual(defaults.api);
    expect(config.logging).toEqual(defaults.logging);
    expect(config.database).toEqual(defaults.database);
    expect(config.provisioning).toEqual(defaults.provisioning);
    expect(config.meetings).toEqual(defaults.meetings);
    expect(config.meetings).toEqual({
      enabled: false,
      livekit: { url: "ws://127.0.0.1:7880", api_url: "http://127.0.0.1:7880" },
      invite_hours: 24,
    });
  });

  it("marks exactly the hot-reloadable keys with [hot-reload]", () => {
    // A key is marked when the comment block right above it contains "[hot-reload]".
    const marked: string[] = [];
    const stack: { indent: number; key: string }[] = [];
    let comments: string[] = [];
    for (const line of sampleText.split("\n")) {
      const trimmed = line.trim();
      if (trimmed.startsWith("#")) {
        comments.push(trimmed);
        continue;
      }
      const match = /^(\s*)([a-z_]+):/.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) {
        const indent = match[1].length;
        while (stack.length > 0 && (stack.at(-1)?.indent ?? -1) >= indent) stack.pop();
        stack.push({ indent, key: match[2] });
        if (comments.some((c) => c.includes("[hot-reload]"))) {
          marked.push(stack.map((s) => s.key).join("."));
        }
      }
      comments = [];
    }
    expect(marked.sort()).toEqual([...HOT_RELOADABLE_KEYS].sort());
  });
});

describe("parseConfig", () => {
  const base = { source: "config.yaml", baseDir: "/srv/staffroom" };

  it("takes the meetings section: LiveKit keys from a file (resolved) or inline, required when on", () => {
    const on = (livekit: Record<string, unknown>) =>
      parseConfig({ ...minimal, meetings: { enabled: true, livekit } }, base);
    expect(on({ key_file: "livekit/keys.yaml" }).meetings.livekit).toEqual({
      url: "ws://127.0.0.1:7880",
      api_url: "http://127.0.0.1:7880",
      key_file: "/srv/staffroom/livekit/keys.yaml",
    });
    expect(on({ api_key: "k", api_secret: "s" }).meetings.livekit.api_key).toBe("k");
    expect(problemsOf(() => on({}))).toEqual([
      "meetings.livekit.key_file: required while meetings are enabled (or api_key and api_secret)",
    ]);
    expect(problemsOf(() => on({ api_key: "k" }))).toEqual([
      "meetings.livekit.api_secret: api_key and api_secret go together",
    ]);
    expect(problemsOf(() => on({ key_file: "k.yaml", url: "http://x" }))).toEqual([
      "meetings.livekit.url: must be a ws:// or wss:// URL",
    ]);
  });

  it("takes the guest mail settings: SMTP with defaults, the public URL, the invite lifetime", () => {
    const meetings = (extra: Record<string, unknown>) =>
      parseConfig({ ...minimal, meetings: { enabled: false, ...extra } }, base).meetings;
    expect(
      meetings({
        public_url: "https://chat.example.org",
        invite_hours: 48,
        smtp: { host: "smtp.example.org", from: "Staffroom <s@example.org>" },
      }),
    ).toMatchObject({
      public_url: "https://chat.example.org",
      invite_hours: 48,
      smtp: {
        host: "smtp.example.org",
        port: 587,
        secure: false,
        from: "Staffroom <s@example.org>",
      },
    });
    expect(problemsOf(() => meetings({ smtp: { host: "h", from: "f", user: "u" } }))).toEqual([
      "meetings.smtp.pass: user and pass go together",
    ]);
    expect(problemsOf(() => meetings({ smtp: { from: "f" } }))).toEqual([
      expect.stringMatching(/^meetings\.smtp\.host: /),
    ]);
    expect(problemsOf(() => meetings({ public_url: "chat.example.org" }))).toEqual([
      "meetings.public_url: must be an http:// or https:// URL",
    ]);
    expect(problemsOf(() => meetings({ invite_hours: 0 }))).toEqual([
      expect.stringMatching(/^meetings\.invite_hours: /),
    ]);
  });

  it("applies defaults, including the SQLite database beside the config", () => {
    const config = parseConfig(minimal, base);
    expect(config.database).toEqual({ client: "sqlite3", filename: "/srv/staffroom/staffroom.db" });
    expect(config.api).toEqual({
      whoami_cache_seconds: 60,
      rate_limit: { requests_per_second: 20, burst: 100 },
    });
    expect(config.logging).toEqual({ level: "info", json: false });
  });

  it("resolves relative paths against the config folder and keeps absolute ones", () => {
    const config = parseConfig(
      { ...minimal, directory: { file: "/etc/staffroom/dir.yaml" } },
      base,
    );
    expect(config.appservice.registration_file).toBe("/srv/staffroom/reg.yaml");
    expect(config.directory.file).toBe("/etc/staffroom/dir.yaml");
  });

  it("accepts PostgreSQL", () => {
    const config = parseConfig(
      { ...minimal, database: { client: "pg", connection: "postgres://u:p@db/staffroom" } },
      base,
    );
    expect(config.database).toEqual({ client: "pg", connection: "postgres://u:p@db/staffroom" });
  });

  it("refuses an unknown key, naming it", () => {
    expect(
      problemsOf(() => parseConfig({ ...minimal, logging: { levle: "debug" } }, base)),
    ).toEqual(["logging.levle: unknown key"]);
  });

  it("refuses a wrong type", () => {
    const raw = { ...minimal, appservice: { registration_file: "r.yaml", port: "9000" } };
    expect(problemsOf(() => parseConfig(raw, base))).toEqual([
      "appservice.port: expected number, got string",
    ]);
  });

  it("lists every bad path at once", () => {
    const raw = {
      homeserver: { url: "ftp://nope", domain: "CHANGE_ME" },
      appservice: { port: 70000 },
      database: { client: "mysql" },
      directory: {},
      logging: { level: "loud", json: "yes" },
      extra: true,
    };
    const problems = problemsOf(() => parseConfig(raw, base));
    expect(problems).toEqual(
      expect.arrayContaining([
        "homeserver.url: must be an http:// or https:// URL",
        expect.stringMatching(/^homeserver\.domain: .*CHANGE_ME/),
        "appservice.registration_file: is required (string)",
        expect.stringMatching(/^appservice\.port: /),
        'database.client: must be one of "sqlite3", "pg"',
        "directory.file: is required (string)",
        'logging.level: must be one of "error", "warn", "info", "debug"',
        "logging.json: expected boolean, got string",
        "extra: unknown key",
      ]),
    );
    expect(problems).toHaveLength(9);
  });

  it("says which file and how many problems in the message", () => {
    const error = (() => {
      try {
        parseConfig({}, base);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error.message.split("\n")).toEqual([
      "config.yaml: 3 problems",
      "  homeserver: is required (object)",
      "  appservice: is required (object)",
      "  directory: is required (object)",
    ]);
  });
});

describe("loadConfig", () => {
  it("reports a missing file, an empty file and YAML syntax errors as ConfigErrors", async () => {
    const tmp = tempDir();
    try {
      await expect(loadConfig(path.join(tmp.dir, "nope.yaml"))).rejects.toThrow("file not found");
      await expect(loadConfig(tmp.write("empty.yaml", "# nothing\n"))).rejects.toThrow(
        "file is empty",
      );
      const broken = tmp.write("broken.yaml", "homeserver:\n  url: [unclosed\n");
      const error = await loadConfig(broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]?.path).toMatch(/^line \d+, column \d+$/);
    } finally {
      tmp.remove();
    }
  });

  it("defaults to $STAFFROOM_CONFIG, else appservice/config.yaml of this checkout", () => {
    expect(defaultConfigPath({ STAFFROOM_CONFIG: "/etc/staffroom.yaml" })).toBe(
      "/etc/staffroom.yaml",
    );
    expect(defaultConfigPath({})).toBe(path.resolve(import.meta.dirname, "../../config.yaml"));
  });
});
