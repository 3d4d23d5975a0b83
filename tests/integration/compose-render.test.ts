/** The production profile as the compose `config` service renders it. */
// Checked without a Docker engine; helpers in compose/composeFile.ts.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateSecrets, writeSynapseConfig } from "@staffroom/appservice/setup";
import { paths } from "../../scripts/lib/paths.ts";
import {
  type ComposeFile,
  compose,
  dockerCompose,
  mounts,
  root,
  service,
  settings,
} from "./compose/composeFile.ts";

describe("production profile rendered for compose", () => {
  let dir: string;
  let homeserver: Record<string, unknown>;
  let registration: Record<string, unknown>;
  let logConfig: Record<string, unknown>;
  const env = () => service("config").environment ?? {};
  const configDir = () => posix.dirname(service("synapse").environment?.SYNAPSE_CONFIG_PATH ?? "");
  const dataMount = () => mounts("synapse").find((m) => m.source === "synapse-data")?.target ?? "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "staffroom-production-"));
    // Inputs as the compose `config` service gives them (paths as Synapse sees them in its container).
    await writeSynapseConfig(
      {
        profile: "production",
        serverName: settings.STAFFROOM_SERVER_NAME,
        publicBaseUrl: settings.STAFFROOM_PUBLIC_URL,
        bindAddress: "0.0.0.0",
        port: 8008,
        configDir: configDir(),
        dataDir: dataMount(),
        appserviceUrl: env().STAFFROOM_APPSERVICE_URL ?? "",
        botLocalpart: "staffbot",
        secrets: generateSecrets(),
        log: "console",
        behindProxy: true,
        postgres: {
          host: env().POSTGRES_HOST ?? "",
          user: env().POSTGRES_USER ?? "",
          password: settings.POSTGRES_PASSWORD,
          db: env().POSTGRES_DB ?? "",
        },
      },
      paths.synapseTemplates,
      dir,
    );
    homeserver = parse(await readFile(join(dir, "homeserver.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
    registration = parse(
      await readFile(join(dir, "appservice-registration.yaml"), "utf8"),
    ) as Record<string, unknown>;
    logConfig = parse(await readFile(join(dir, "log.config"), "utf8")) as Record<string, unknown>;
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uses the compose Postgres service through psycopg2", () => {
    expect(homeserver.database).toEqual({
      name: "psycopg2",
      args: expect.objectContaining({
        host: "postgres",
        user: service("postgres").environment?.POSTGRES_USER,
        password: settings.POSTGRES_PASSWORD,
      }),
    });
    expect(Object.keys(compose.services)).toContain(env().POSTGRES_HOST);
  });

  it("gives psycopg2 one database name, not the SQLite file of the base template", () => {
    // psycopg2 treats `database` as an alias of `dbname` and refuses both at once
    // ("TypeError: you can't specify both 'database' and 'dbname' arguments"): Synapse would
    // stop at start-up. The template's SQLite `args.database` must not survive the profile merge.
    const args = (homeserver.database as { args: Record<string, unknown> }).args;
    const names = ["dbname", "database"].filter((key) => key in args);
    expect(names, `database.args has ${names.join(" and ")}`).toHaveLength(1);
    expect(args[names[0]!]).toBe(service("postgres").environment?.POSTGRES_DB);
  });

  it("listens on 0.0.0.0:8008, behind the proxy, client API and OpenID userinfo only", () => {
    const listeners = homeserver.listeners as Record<string, unknown>[];
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({
      port: 8008,
      bind_addresses: ["0.0.0.0"],
      x_forwarded: true,
      tls: false,
      // openid = only /_matrix/federation/v1/openid/userinfo (the LiveKit token service's check).
      resources: [{ names: ["client", "openid"] }],
    });
    expect(homeserver.public_baseurl).toBe(settings.STAFFROOM_PUBLIC_URL);
  });

  it("keeps production settings: no key servers, no open sign-up, the office limits", () => {
    expect(homeserver.trusted_key_servers).toEqual([]);
    expect(homeserver.enable_registration).toBe(false);
    expect(homeserver).not.toHaveProperty("bcrypt_rounds");
    // The office limits of homeserver.yaml.tmpl (docs/deployment.md, "Rate limits"), not the
    // test profile's lifted ones.
    expect(homeserver["rc_login"]).toEqual({
      address: { per_second: 1, burst_count: 150 },
      account: { per_second: 0.05, burst_count: 10 },
      failed_attempts: { per_second: 0.017, burst_count: 5 },
    });
    expect(homeserver["rc_message"]).toEqual({ per_second: 2, burst_count: 40 });
  });

  it("puts files where the compose volumes are", () => {
    const cfg = configDir();
    for (const key of ["signing_key_path", "log_config"]) {
      expect(String(homeserver[key]), key).toMatch(new RegExp(`^${cfg}/`));
    }
    expect(homeserver.app_service_config_files).toEqual([`${cfg}/appservice-registration.yaml`]);
    expect(String(homeserver.media_store_path)).toMatch(new RegExp(`^${dataMount()}/`));
    // Logs go to the container's stderr (docker logs), not to a file.
    expect((logConfig.root as { handlers: string[] }).handlers).toEqual(["console"]);
  });

  it("registers the appservice at its compose address with ephemeral events on", () => {
    expect(registration.url).toBe("http://appservice:9000");
    expect(Object.keys(compose.services)).toContain(new URL(String(registration.url)).hostname);
    expect(registration.receive_ephemeral).toBe(true);
    expect(registration["de.sorunome.msc2409.push_ephemeral"]).toBe(true);
    expect(registration.namespaces).toMatchObject({
      users: [
        { exclusive: true, regex: "@staffbot:chat\\.example\\.org" },
        { exclusive: true, regex: "@guest_[a-z2-7]+:chat\\.example\\.org" },
      ],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 4. The `config` service's command, run with exactly the environment compose gives it
// ---------------------------------------------------------------------------------------------

describe("staffroom render-config with the config service's environment", () => {
  let dir: string;
  let environment: Record<string, string>;
  const render = () =>
    spawnSync(
      process.execPath,
      [
        join(root, "appservice", "bin", "staffroom.mjs"),
        ...(service("config").command ?? []).slice(1, -1),
        dir,
      ],
      { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...environment } },
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "staffroom-render-config-"));
    const resolved = await dockerCompose(["config"], settings);
    expect(resolved.status, resolved.stderr).toBe(0);
    environment = (parse(resolved.stdout) as ComposeFile).services.config?.environment ?? {};
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes Synapse's files, the secrets and a starting appservice config, readable by their owner only", async () => {
    // The command as compose runs it, only --out differs: "staffroom render-config --profile production --out <dir>".
    expect((service("config").command ?? []).at(-2)).toBe("--out");
    const first = render();
    expect(first.status, first.stderr).toBe(0);
    // Owner-only (or owner + group read): Synapse and the appservice can read them because both
    // run as UID 991, the user the config service writes them as.
    const mode = (name: string) => statSync(join(dir, name)).mode & 0o777;
    for (const name of [
      "homeserver.yaml",
      "log.config",
      "appservice-registration.yaml",
      "secrets.json",
    ]) {
      expect(mode(name), name).toBe(0o600);
    }
    for (const name of ["appservice.yaml", "directory.yaml"])
      expect(mode(name) & 0o037, name).toBe(0);

    const homeserver = parse(await readFile(join(dir, "homeserver.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(homeserver.database).toMatchObject({
      name: "psycopg2",
      args: { host: "postgres", dbname: "synapse" },
    });
    expect(homeserver.media_store_path).toBe("/data/media_store");
    expect(homeserver.public_baseurl).toBe(settings.STAFFROOM_PUBLIC_URL);
  });

  it("points the appservice at compose's Synapse and Postgres and listens for the proxy", async () => {
    const config = parse(await readFile(join(dir, "appservice.yaml"), "utf8")) as {
      homeserver: { url: string; domain: string };
      appservice: { registration_file: string; bind_address: string; port: number };
      database: { client: string; connection: string };
    };
    expect(config.homeserver).toEqual({
      url: "http://synapse:8008",
      domain: settings.STAFFROOM_SERVER_NAME,
    });
    expect(Object.keys(compose.services)).toContain(new URL(config.homeserver.url).hostname);
    expect(config.appservice).toMatchObject({
      registration_file: "appservice-registration.yaml",
      bind_address: "0.0.0.0",
    });
    // The port Synapse pushes transactions to and the proxy sends /api to.
    expect(`http://appservice:${config.appservice.port}`).toBe(
      environment.STAFFROOM_APPSERVICE_URL,
    );
    expect(config.database).toEqual({ client: "pg", connection: environment.STAFFROOM_DB_URL });
  });

  it("renders LiveKit for the compose livekit service and points Synapse and the appservice at it", async () => {
    const livekit = parse(await readFile(join(dir, "livekit.yaml"), "utf8")) as {
      port: number;
      key_file: string;
      room: { auto_create: boolean };
      rtc: Record<string, unknown>;
    };
    const livekitService = service("livekit");
    expect(livekit.port).toBe(Number(livekitService.expose?.[0]));
    expect(livekit.room.auto_create).toBe(false);
    expect(livekit.rtc).toMatchObject({
      tcp_port: 7881,
      port_range_start: 50100,
      port_range_end: 50200,
      use_external_ip: false,
    });
    // The config service writes into the same volume livekit reads, at the same path.
    expect(posix.dirname(livekit.key_file)).toBe(dir);
    expect(statSync(livekit.key_file).mode & 0o077).toBe(0);
    const homeserver = parse(await readFile(join(dir, "homeserver.yaml"), "utf8")) as {
      matrix_rtc: unknown;
    };
    expect(homeserver.matrix_rtc).toEqual({
      transports: [
        { type: "livekit", livekit_service_url: `${settings.STAFFROOM_PUBLIC_URL}livekit/jwt` },
      ],
    });
    const config = parse(await readFile(join(dir, "appservice.yaml"), "utf8")) as {
      meetings: { enabled: boolean; livekit: { url: string; api_url: string; key_file: string } };
    };
    expect(config.meetings).toEqual({
      enabled: true,
      livekit: {
        url: "wss://chat.example.org/livekit/sfu",
        api_url: "http://livekit:7880",
        key_file: "livekit-keys.yaml",
      },
      public_url: "https://chat.example.org",
    });
    expect(Object.keys(compose.services)).toContain(
      new URL(config.meetings.livekit.api_url).hostname,
    );
  });

  it("keeps secrets and the admin's appservice.yaml when compose runs it again on the next `up`", async () => {
    const before = await readFile(join(dir, "secrets.json"), "utf8");
    await writeFile(
      join(dir, "appservice.yaml"),
      (await readFile(join(dir, "appservice.yaml"), "utf8")) + "# edited\n",
    );
    const again = render();
    expect(again.status, again.stderr).toBe(0);
    expect(await readFile(join(dir, "secrets.json"), "utf8")).toBe(before);
    expect(await readFile(join(dir, "appservice.yaml"), "utf8")).toMatch(/# edited\n$/);
  });
});
