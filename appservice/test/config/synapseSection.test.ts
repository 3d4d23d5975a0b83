import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/configError.ts";
import { parseConfig, parseYamlText } from "../../src/config/loadConfig.ts";

const base = { source: "config.yaml", baseDir: "/srv/staffroom" };
const minimal = {
  homeserver: { url: "http://127.0.0.1:8008", domain: "staffroom.local" },
  appservice: { registration_file: "reg.yaml" },
  directory: { file: "directory.yaml" },
};

function problemsOf(synapse: unknown): string[] {
  try {
    parseConfig({ ...minimal, synapse }, base);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("the synapse section", () => {
  it("defaults to one Synapse process (0 workers) when left out or empty", () => {
    expect(parseConfig(minimal, base).synapse).toEqual({ workers: 0 });
    expect(parseConfig({ ...minimal, synapse: {} }, base).synapse).toEqual({ workers: 0 });
  });

  it("takes 0 to 32 workers", () => {
    for (const workers of [0, 1, 2, 32]) {
      expect(parseConfig({ ...minimal, synapse: { workers } }, base).synapse.workers).toBe(workers);
    }
  });

  it("refuses a fraction, a negative number, more than 32 and a string, naming synapse.workers", () => {
    expect(problemsOf({ workers: 1.5 })).toEqual([
      "synapse.workers: must be a whole number from 0 to 32 (0: one Synapse process)",
    ]);
    expect(problemsOf({ workers: -1 })).toEqual([
      "synapse.workers: must be 0 (one Synapse process) or more",
    ]);
    expect(problemsOf({ workers: 33 })).toEqual([
      "synapse.workers: must be at most 32 (sync workers on one machine)",
    ]);
    expect(problemsOf({ workers: "2" })).toEqual(["synapse.workers: expected number, got string"]);
  });

  it("refuses an unknown key in it", () => {
    expect(problemsOf({ worker: 2 })).toEqual(["synapse.worker: unknown key"]);
  });

  it("is documented in config.sample.yaml with its default", () => {
    const sample = readFileSync(
      path.resolve(import.meta.dirname, "../../config.sample.yaml"),
      "utf8",
    );
    const raw = parseYamlText(sample, "config.sample.yaml") as { synapse?: unknown };
    expect(raw.synapse).toEqual({ workers: 0 });
    expect(sample).toContain("apt-get install -y postgresql redis-server");
    expect(sample).toContain("npx staffroom migrate-synapse-db");
  });
});
