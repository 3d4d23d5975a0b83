/** docker-compose config: validation and interpolation without an engine. */
// Checked without a Docker engine; helpers in compose/composeFile.ts.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type ComposeFile,
  REQUIRED,
  composeFile,
  composeText,
  dockerCompose,
  root,
  runCompose,
  settings,
} from "./compose/composeFile.ts";

describe("docker-compose config", () => {
  it.each([
    ["without profiles", []],
    ["with the workers profile", ["--profile", "workers"]],
  ])("accepts the file when the .env settings are given, %s", async (_, profile) => {
    const result = await dockerCompose([...profile, "config", "-q"], settings);
    expect(result.stderr).not.toMatch(/WARNING|error/i);
    expect(result.status, result.stderr).toBe(0);
  });

  it.each(REQUIRED)("refuses to run without %s and says how to fix it", async (name) => {
    const rest = Object.fromEntries(Object.entries(settings).filter(([key]) => key !== name));
    const result = await dockerCompose(["config", "-q"], rest);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${name} is not set`);
    expect(result.stderr).toContain("docker/.env.example");
  });

  it("works with docker/.env.example once its required values are filled in", async () => {
    const example = readFileSync(join(root, "docker", ".env.example"), "utf8");
    const dir = await mkdtemp(join(tmpdir(), "staffroom-envfile-"));
    try {
      // As shipped, the required values are empty: compose must refuse it.
      const asShipped = join(dir, "shipped.env");
      await writeFile(asShipped, example);
      const refused = runCompose(["--env-file", asShipped, "-f", composeFile, "config", "-q"], {});
      expect(refused.status).not.toBe(0);

      let filled = example;
      for (const name of REQUIRED) {
        expect(example, `.env.example must have a "${name}=" line`).toMatch(
          new RegExp(`^${name}=$`, "m"),
        );
        filled = filled.replace(new RegExp(`^${name}=$`, "m"), `${name}=${settings[name]}`);
      }
      const envFile = join(dir, "filled.env");
      await writeFile(envFile, filled);
      const accepted = runCompose(["--env-file", envFile, "-f", composeFile, "config", "-q"], {});
      expect(accepted.status, accepted.stderr).toBe(0);

      // The workers profile's lines, uncommented as docs/deployment.md says.
      const workers = ["COMPOSE_PROFILES", "STAFFROOM_SYNAPSE_WORKERS", "STAFFROOM_NGINX_CONF"];
      for (const name of workers) {
        expect(filled, name).toMatch(new RegExp(`^# ${name}=\\S+$`, "m"));
        filled = filled.replace(new RegExp(`^# (${name}=\\S+)$`, "m"), "$1");
      }
      await writeFile(envFile, filled);
      const withWorkers = runCompose(["--env-file", envFile, "-f", composeFile, "config"], {});
      expect(withWorkers.status, withWorkers.stderr).toBe(0);
      const resolved = parse(withWorkers.stdout) as ComposeFile;
      expect(resolved.services.config?.environment?.STAFFROOM_SYNAPSE_WORKERS).toMatch(/^\d+$/);
      expect(resolved.services.client?.volumes).toContainEqual(
        expect.stringMatching(/\/docker\/nginx\/staffroom-workers\.conf:\/etc\/nginx\/conf\.d\//),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("documents every variable the compose file reads in docker/.env.example", () => {
    const example = readFileSync(join(root, "docker", ".env.example"), "utf8");
    const used = new Set([...composeText.matchAll(/(?<!\$)\$\{([A-Z0-9_]+)/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(0);
    for (const name of used) expect(example, name).toMatch(new RegExp(`^#?\\s*${name}=`, "m"));
  });

  it("publishes the proxy's port and LiveKit's media ports, nothing else, after interpolation", async () => {
    const result = await dockerCompose(["config"], { ...settings, STAFFROOM_HTTP_PORT: "18080" });
    expect(result.status, result.stderr).toBe(0);
    const resolved = parse(result.stdout) as ComposeFile;
    const published = Object.entries(resolved.services).flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => ({ name, port: p })),
    );
    expect(published.filter((p) => p.name !== "livekit")).toEqual([
      { name: "client", port: { published: 18080, target: 8080 } },
    ]);
    // LiveKit: ICE/TCP 7881 and the UDP media range 50100-50200 (docker-compose lists each).
    const livekit = published.filter((p) => p.name === "livekit").map((p) => p.port);
    const udpPorts = Array.from({ length: 101 }, (_, i) => 50100 + i);
    expect(livekit).toEqual([
      { published: 7881, target: 7881 },
      ...udpPorts.map((port) => ({ published: port, target: port, protocol: "udp" })),
    ]);
    // The appservice's database URL is built from the same password Postgres is given.
    expect(resolved.services.config?.environment?.STAFFROOM_DB_URL).toBe(
      `postgres://staffroom:${settings.POSTGRES_PASSWORD}@postgres:5432/staffroom`,
    );
    expect(resolved.services.postgres?.environment?.POSTGRES_PASSWORD).toBe(
      settings.POSTGRES_PASSWORD,
    );
  });

  it("pins every image to an explicit tag, never latest", async () => {
    const result = await dockerCompose(["config"], settings);
    expect(result.status, result.stderr).toBe(0);
    const resolved = parse(result.stdout) as ComposeFile;
    for (const [name, s] of Object.entries(resolved.services)) {
      const lastSegment = (s.image ?? "").split("/").at(-1) ?? "";
      expect(lastSegment, `service ${name}: image needs a tag`).toMatch(/^[a-z0-9._-]+:[\w.-]+$/);
      expect(lastSegment, name).not.toMatch(/:latest$/);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 2. The wiring, read from the files
// ---------------------------------------------------------------------------------------------
