import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../../src/cli/main.ts";
import { loadConfig } from "../../src/config/loadConfig.ts";

const productionEnv = {
  STAFFROOM_SERVER_NAME: "chat.example.net",
  STAFFROOM_PUBLIC_URL: "https://chat.example.net",
  POSTGRES_USER: "synapse",
  POSTGRES_PASSWORD: "secret-pw",
  POSTGRES_DB: "synapse",
  STAFFROOM_DB_URL: "postgres://staffroom:secret-pw@postgres/staffroom",
};

function capture(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env },
    out,
    err,
  };
}

describe("staffroom render-config", () => {
  it("renders the production profile, secrets, and a valid starting appservice config", async () => {
    const dir = await mkdtemp(join(tmpdir(), "render-"));
    const { io, out } = capture(productionEnv);
    expect(await runCli(["render-config", "--profile", "production", "--out", dir], io)).toBe(0);
    for (const file of [
      "homeserver.yaml",
      "log.config",
      "appservice-registration.yaml",
      "secrets.json",
      "appservice.yaml",
      "directory.yaml",
    ]) {
      expect(existsSync(join(dir, file))).toBe(true);
    }
    expect(out.join("\n")).toContain("wrote");
    const hs = parse(await readFile(join(dir, "homeserver.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(hs).toMatchObject({
      server_name: "chat.example.net",
      public_baseurl: "https://chat.example.net/",
      media_store_path: "/data/media_store",
      database: { name: "psycopg2", args: { host: "postgres", password: "secret-pw" } },
    });
    const config = await loadConfig(join(dir, "appservice.yaml"));
    expect(config.homeserver).toEqual({ url: "http://synapse:8008", domain: "chat.example.net" });
    expect(config.database).toEqual({ client: "pg", connection: productionEnv.STAFFROOM_DB_URL });
    expect(config.appservice.registration_file).toBe(join(dir, "appservice-registration.yaml"));
    // Synapse on PostgreSQL: larger scrub purge steps.
    expect(config.retention).toMatchObject({ purge_step_events: 2500, purge_rooms_at_once: 1 });
  });

  it("keeps secrets and an edited appservice config on a second run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "render-"));
    await runCli(
      ["render-config", "--profile", "production", "--out", dir],
      capture(productionEnv).io,
    );
    const secrets = await readFile(join(dir, "secrets.json"), "utf8");
    await writeFile(join(dir, "appservice.yaml"), "# edited by the admin\n");
    const { io, out } = capture(productionEnv);
    expect(await runCli(["render-config", "--profile", "production", "--out", dir], io)).toBe(0);
    expect(await readFile(join(dir, "secrets.json"), "utf8")).toBe(secrets);
    expect(await readFile(join(dir, "appservice.yaml"), "utf8")).toBe("# edited by the admin\n");
    expect(out).toContain(`kept ${join(dir, "appservice.yaml")}`);
  });

  it("lists every missing setting and writes nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "render-"));
    const { io, err } = capture({ POSTGRES_DB: "synapse" });
    expect(await runCli(["render-config", "--profile", "production", "--out", dir], io)).toBe(1);
    const text = err.join("\n");
    for (const name of [
      "STAFFROOM_SERVER_NAME",
      "STAFFROOM_PUBLIC_URL",
      "POSTGRES_USER",
      "POSTGRES_PASSWORD",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain("POSTGRES_DB");
    expect(existsSync(join(dir, "homeserver.yaml"))).toBe(false);
    expect(existsSync(join(dir, "secrets.json"))).toBe(false);
  });

  it("renders the workers profile's files with STAFFROOM_SYNAPSE_WORKERS, for the compose services", async () => {
    const dir = await mkdtemp(join(tmpdir(), "render-"));
    const { io, out } = capture({ ...productionEnv, STAFFROOM_SYNAPSE_WORKERS: "2" });
    expect(await runCli(["render-config", "--profile", "production", "--out", dir], io)).toBe(0);
    for (const name of ["sync1", "sync2", "streams", "media", "background"]) {
      expect(out).toContain(`wrote ${join(dir, "workers", `${name}.yaml`)}`);
    }
    const hs = parse(await readFile(join(dir, "homeserver.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(hs.redis).toEqual({ enabled: true, host: "redis", port: 6379 });
    expect(hs.instance_map).toEqual({
      main: { host: "synapse", port: 9093 },
      streams: { host: "synapse-streams", port: 9093 },
    });
  });

  it.each([
    ["production", "0", "not a whole number from 1 to 32"],
    ["production", "two", "not a whole number from 1 to 32"],
    ["embedded", "2", "docker-compose only"],
  ])("refuses STAFFROOM_SYNAPSE_WORKERS with --profile %s and %s", async (profile, value, why) => {
    const dir = await mkdtemp(join(tmpdir(), "render-"));
    const { io, err } = capture({ ...productionEnv, STAFFROOM_SYNAPSE_WORKERS: value });
    expect(await runCli(["render-config", "--profile", profile, "--out", dir], io)).toBe(1);
    expect(err.join("\n")).toContain(why);
    expect(existsSync(join(dir, "homeserver.yaml"))).toBe(false);
  });

  it("rejects an unknown profile as a usage error", async () => {
    const { io, err } = capture(productionEnv);
    expect(await runCli(["render-config", "--profile", "staging", "--out", "/tmp/x"], io)).toBe(2);
    expect(err.join("\n")).toContain("--profile");
  });
});
