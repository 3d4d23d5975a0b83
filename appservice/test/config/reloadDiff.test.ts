import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/loadConfig.ts";
import { restartRequiredChanges } from "../../src/config/reloadDiff.ts";

const raw = {
  homeserver: { url: "http://127.0.0.1:8008", domain: "staffroom.local" },
  appservice: { registration_file: "reg.yaml" },
  directory: { file: "directory.yaml" },
};
const parse = (value: unknown) => parseConfig(value, { source: "t", baseDir: "/srv" });

describe("restartRequiredChanges", () => {
  it("ignores hot-reloadable keys and reports the others", () => {
    const current = parse(raw);
    const next = parse({
      ...raw,
      appservice: { registration_file: "reg.yaml", port: 9100 },
      directory: { file: "other.yaml" },
      logging: { level: "debug", json: true },
      api: { whoami_cache_seconds: 5 },
    });
    expect(restartRequiredChanges(current, next)).toEqual([
      "api.whoami_cache_seconds",
      "appservice.port",
    ]);
  });

  it("is empty when nothing changed", () => {
    expect(restartRequiredChanges(parse(raw), parse(raw))).toEqual([]);
  });

  it("notices a switch of database client", () => {
    const next = parse({ ...raw, database: { client: "pg", connection: "postgres://db/x" } });
    expect(restartRequiredChanges(parse(raw), next)).toEqual([
      "database.client",
      "database.connection",
      "database.filename",
    ]);
  });
});
