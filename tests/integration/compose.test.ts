/**
 * docker-compose.yml, checked without a Docker engine: `docker-compose config` validates and
 * interpolates it, the file itself is read for the wiring between services, the proxy config is
 * routed path by path, and the production profile is rendered with the same function (and
 * templates) the compose `config` service uses. What needs an engine (pulling, building and
 * running the images) is not covered here; docs/deployment.md says so.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateSecrets, writeSynapseConfig } from "@staffroom/appservice/setup";
import { paths } from "../../scripts/lib/paths.ts";

const root = paths.repoRoot;
const composeFile = join(root, "docker-compose.yml");
const composeText = readFileSync(composeFile, "utf8");

/** The settings an admin puts in .env (docker/.env.example lists them). */
const settings = {
  STAFFROOM_SERVER_NAME: "chat.example.org",
  STAFFROOM_PUBLIC_URL: "https://chat.example.org/",
  POSTGRES_PASSWORD: "0123456789abcdef",
};
const REQUIRED = Object.keys(settings) as (keyof typeof settings)[];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  user?: string;
  restart?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: (string | { published?: string | number; target: number })[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  network_mode?: string;
};
type ComposeFile = { services: Record<string, Service>; volumes?: Record<string, unknown> };

/** The compose file as written (YAML merge keys resolved, `${…}` left as is). */
const compose = parse(composeText, { merge: true }) as ComposeFile;

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** A `source:target[:mode]` volume entry. */
type Mount = { source: string; target: string; readOnly: boolean };

function mounts(name: string): Mount[] {
  return (service(name).volumes ?? []).map((entry) => {
    const [source = "", target = "", mode = "rw"] = entry.split(":");
    return { source, target, readOnly: mode.split(",").includes("ro") };
  });
}

/** The named volume and its mount point that hold `path` inside service `name`'s container. */
function volumeHolding(name: string, path: string): Mount {
  const mount = mounts(name)
    .filter((m) => path === m.target || path.startsWith(`${m.target}/`))
    .sort((a, b) => b.target.length - a.target.length)[0];
  if (!mount) throw new Error(`${path} is on no volume of service "${name}"`);
  return mount;
}

/** Runs docker-compose against the repository's file with exactly `env` (no .env, no host vars). */
async function dockerCompose(args: string[], env: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), "staffroom-compose-"));
  try {
    // An empty --env-file: a developer's own .env beside the compose file must not leak in.
    const envFile = join(dir, "empty.env");
    await writeFile(envFile, "");
    return runCompose(["--env-file", envFile, "-f", composeFile, ...args], env);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runCompose(args: string[], env: Record<string, string>) {
  const result = spawnSync("docker-compose", args, {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? tmpdir(), ...env },
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new Error(
      "docker-compose is not installed, so docker-compose.yml can't be validated. " +
        "Install it with `apt-get install docker-compose` (Debian's 1.29 validates files without " +
        "a Docker engine; .ci/run installs it).",
    );
  }
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `FROM`-separated stages of a Dockerfile: instruction lines with continuations joined. */
function dockerfileStages(file: string): { from: string; lines: string[] }[] {
  const text = readFileSync(join(root, file), "utf8").replace(/\\\n/g, " ");
  const stages: { from: string; lines: string[] }[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (/^FROM\s/i.test(line)) stages.push({ from: line, lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/** Absolute destinations of `COPY <source> <dest>` in a stage, resolved against its WORKDIR. */
function copies(stage: { lines: string[] }): { sources: string[]; dest: string; from?: string }[] {
  let workdir = "/";
  const out: { sources: string[]; dest: string; from?: string }[] = [];
  for (const line of stage.lines) {
    const [instruction = "", ...args] = line.split(/\s+/);
    if (/^WORKDIR$/i.test(instruction)) workdir = posix.resolve(workdir, args[0] ?? "");
    if (!/^COPY$/i.test(instruction)) continue;
    const flags = args.filter((a) => a.startsWith("--"));
    const rest = args.filter((a) => !a.startsWith("--"));
    const dest = rest.pop() ?? "";
    const from = flags.find((f) => f.startsWith("--from="))?.slice("--from=".length);
    out.push({ sources: rest, dest: posix.resolve(workdir, dest), ...(from ? { from } : {}) });
  }
  return out;
}

/**
 * A tiny model of nginx's location matching for the proxy config: exact (`=`) matches first,
 * then the longest prefix. Regex locations are refused rather than guessed at.
 */
type Location = { modifier: "=" | "^~" | ""; path: string; body: string };

function nginxLocations(text: string): { locations: Location[]; serverBody: string } {
  const locations: Location[] = [];
  const pattern = /location\s+(=|\^~|~\*?)?\s*(\S+)\s*\{([^{}]*)\}/g;
  for (const match of text.matchAll(pattern)) {
    const modifier = match[1] ?? "";
    if (modifier.startsWith("~"))
      throw new Error(`regex location ${match[2]}: extend the test's matcher`);
    locations.push({
      modifier: modifier as Location["modifier"],
      path: match[2] ?? "",
      body: match[3] ?? "",
    });
  }
  return { locations, serverBody: text.replace(pattern, "") };
}

function routeOf(
  conf: ReturnType<typeof nginxLocations>,
  uri: string,
): { location: string; proxyTo?: string } {
  const exact = conf.locations.find((l) => l.modifier === "=" && l.path === uri);
  const chosen =
    exact ??
    conf.locations
      .filter((l) => l.modifier !== "=" && uri.startsWith(l.path))
      .sort((a, b) => b.path.length - a.path.length)[0];
  if (!chosen) return { location: "(none)" };
  const target = /proxy_pass\s+([^;]+);/.exec(chosen.body)?.[1]?.trim();
  if (target === undefined) return { location: chosen.path };
  // Resolve `set $name value;` variables from the server block.
  const resolved = target.startsWith("$")
    ? new RegExp(`set\\s+\\${target}\\s+([^;]+);`).exec(conf.serverBody)?.[1]?.trim()
    : target;
  return { location: chosen.path, proxyTo: resolved ?? target };
}

// ---------------------------------------------------------------------------------------------
// 1. docker-compose validates the file
// ---------------------------------------------------------------------------------------------

describe("docker-compose config", () => {
  it("accepts the file when the .env settings are given", async () => {
    const result = await dockerCompose(["config", "-q"], settings);
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

  it("publishes the proxy's port and nothing else, after interpolation", async () => {
    const result = await dockerCompose(["config"], { ...settings, STAFFROOM_HTTP_PORT: "18080" });
    expect(result.status, result.stderr).toBe(0);
    const resolved = parse(result.stdout) as ComposeFile;
    const published = Object.entries(resolved.services).flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => ({ name, port: p })),
    );
    expect(published).toEqual([{ name: "client", port: { published: 18080, target: 8080 } }]);
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

describe("docker-compose.yml wiring", () => {
  it("runs the Synapse release pinned in synapse-config/requirements.txt", () => {
    const pinned = /^matrix-synapse==(\S+)$/m.exec(
      readFileSync(paths.synapseRequirements, "utf8"),
    )?.[1];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(service("synapse").image).toBe(`ghcr.io/element-hq/synapse:v${pinned}`);
  });

  it("renders the config with the production profile into the volume Synapse reads it from", () => {
    const config = service("config");
    const command = config.command ?? [];
    expect(command.slice(0, 4)).toEqual(["staffroom", "render-config", "--profile", "production"]);
    const out = command[command.indexOf("--out") + 1] ?? "";
    expect(out).toMatch(/^\//);
    const written = volumeHolding("config", out);
    expect(written.readOnly).toBe(false);
    expect(Object.keys(compose.volumes ?? {})).toContain(written.source);

    const configPath = service("synapse").environment?.SYNAPSE_CONFIG_PATH ?? "";
    expect(posix.basename(configPath)).toBe("homeserver.yaml");
    const read = volumeHolding("synapse", configPath);
    expect(read.source).toBe(written.source);
    // Same place inside both containers, so paths written into homeserver.yaml hold for Synapse.
    expect(posix.dirname(configPath)).toBe(out);
    expect(read.target).toBe(written.target);
  });

  it("starts Synapse after the config is rendered and Postgres is healthy, then bootstrap, then the appservice", () => {
    expect(service("synapse").depends_on).toMatchObject({
      config: { condition: "service_completed_successfully" },
      postgres: { condition: "service_healthy" },
    });
    expect(service("bootstrap").depends_on).toMatchObject({
      synapse: { condition: "service_healthy" },
    });
    expect(service("bootstrap").command).toEqual([
      "staffroom",
      "bootstrap",
      "--config",
      "/config/appservice.yaml",
    ]);
    expect(service("appservice").depends_on).toMatchObject({
      bootstrap: { condition: "service_completed_successfully" },
      postgres: { condition: "service_healthy" },
    });
    expect(service("appservice").command).toEqual([
      "node",
      "appservice/dist/main.js",
      "--config",
      "/config/appservice.yaml",
    ]);
    // bootstrap and the appservice read the rendered files from the config service's volume, read-only.
    const configVolume = volumeHolding("config", "/config").source;
    for (const name of ["bootstrap", "appservice"]) {
      const mount = volumeHolding(name, "/config/appservice.yaml");
      expect(mount.source, name).toBe(configVolume);
      expect(mount.readOnly, name).toBe(true);
    }
  });

  it("gives every long-running service a restart policy and a healthcheck; one-shots don't restart", () => {
    for (const name of ["postgres", "synapse", "appservice"]) {
      expect(service(name).restart, name).toBe("unless-stopped");
      expect(service(name).healthcheck?.test.length, name).toBeGreaterThan(1);
    }
    expect(service("client").restart).toBe("unless-stopped"); // healthcheck in client/Dockerfile
    expect(readFileSync(join(root, "client", "Dockerfile"), "utf8")).toMatch(/^HEALTHCHECK /m);
    for (const name of ["config", "bootstrap"]) expect(service(name).restart, name).toBe("no");
    expect(service("postgres").healthcheck?.test.join(" ")).toContain("pg_isready");
    expect(service("synapse").healthcheck?.test.join(" ")).toContain(
      "http://localhost:8008/health",
    );
    expect(service("appservice").healthcheck?.test.join(" ")).toContain(":9000/health");
  });

  it("creates Synapse's database UTF8 / C and the appservice's database beside it", () => {
    const pg = service("postgres");
    expect(pg.image).toMatch(/^postgres:\d+(-[a-z]+)?$/);
    expect(pg.environment?.POSTGRES_INITDB_ARGS).toBe("--encoding=UTF8 --locale=C");
    const initdb = mounts("postgres").find((m) => m.target === "/docker-entrypoint-initdb.d");
    expect(initdb?.readOnly).toBe(true);
    const dir = join(root, initdb?.source ?? "(missing)");
    const sql = readdirSync(dir)
      .filter((f) => f.endsWith(".sql"))
      .map((f) => readFileSync(join(dir, f), "utf8"))
      .join("\n");
    // The database named in the appservice's connection URL is the one the script creates.
    const dbUrl = service("config").environment?.STAFFROOM_DB_URL ?? "";
    const appDb = /\/([a-z_]+)$/.exec(dbUrl)?.[1];
    expect(appDb).toBeDefined();
    expect(sql).toMatch(new RegExp(`^CREATE DATABASE ${appDb};`, "m"));
    expect(appDb).not.toBe(pg.environment?.POSTGRES_DB);
    expect(service("config").environment?.POSTGRES_DB).toBe(pg.environment?.POSTGRES_DB);
    expect(service("config").environment?.POSTGRES_USER).toBe(pg.environment?.POSTGRES_USER);
  });

  it("keeps secrets out of the file: passwords only come from the environment", () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (/PASSWORD|SECRET|TOKEN/.test(key))
          expect(value, `${name}.${key}`).toMatch(/^\$\{[A-Z_]+:\?.+\}$/);
        if (key === "STAFFROOM_DB_URL") expect(value).toContain("${POSTGRES_PASSWORD}");
      }
    }
  });

  it("builds the appservice image with the same synapse-config/ templates the tests render", () => {
    const stages = dockerfileStages("appservice/Dockerfile");
    const runtime = stages.at(-1);
    expect(runtime).toBeDefined();
    const copied = copies(runtime!);
    // render-config in the image reads /app/synapse-config, the repository's folder as is.
    expect(copied).toContainEqual({ sources: ["synapse-config"], dest: "/app/synapse-config" });
    // The crypto stand-in the root package.json overrides point at is there before npm ci.
    const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      overrides: Record<string, string>;
    };
    const stub = Object.values(rootPkg.overrides)
      .find((v) => v.startsWith("file:"))
      ?.slice("file:./".length);
    expect(stub).toBeDefined();
    for (const stage of stages) {
      const text = stage.lines.join("\n");
      if (!/npm ci/.test(text)) continue;
      const npmCi = stage.lines.findIndex((l) => /npm ci/.test(l));
      const stubCopy = stage.lines.findIndex(
        (l) => /^COPY\s/.test(l) && stub!.startsWith(l.split(/\s+/)[1] ?? "\0"),
      );
      expect(stubCopy, `${stage.from}: copy ${stub} before npm ci`).toBeGreaterThanOrEqual(0);
      expect(stubCopy, stage.from).toBeLessThan(npmCi);
    }
    expect(stages.map((s) => s.lines.join("\n")).join("\n")).toContain(
      "tsc -p appservice/tsconfig.build.json",
    );
    // It runs as the UID the Synapse image runs as, so both can read the 0600 rendered files.
    const user = runtime!.lines.find((l) => /^USER\s/.test(l))?.split(/\s+/)[1];
    expect(user).toBe(
      `${service("synapse").environment?.UID}:${service("synapse").environment?.GID}`,
    );
    for (const name of ["config", "bootstrap", "appservice"])
      expect(service(name).user, name).toBe(user);
    for (const name of ["config", "bootstrap", "appservice"]) {
      expect(service(name).build?.dockerfile, name).toBe("appservice/Dockerfile");
    }
  });

  it("routes /_matrix and /api through the proxy, and never /_synapse/admin", () => {
    const client = dockerfileStages("client/Dockerfile").at(-1)!;
    expect(client.from).toMatch(/^FROM nginx:\d+\.\d+/);
    const confCopy = copies(client).find((c) => c.dest === "/etc/nginx/conf.d/default.conf");
    expect(confCopy?.sources).toHaveLength(1);
    expect(copies(client)).toContainEqual({
      sources: ["/app/client/dist"],
      dest: "/usr/share/nginx/html",
      from: "build",
    });
    const conf = nginxLocations(readFileSync(join(root, confCopy!.sources[0]!), "utf8"));

    const synapse = "http://synapse:8008";
    const appservice = "http://appservice:9000";
    expect(routeOf(conf, "/_matrix/client/versions").proxyTo).toBe(synapse);
    expect(routeOf(conf, "/_matrix/client/v3/sync?since=s1").proxyTo).toBe(synapse);
    expect(routeOf(conf, "/_matrix/media/v3/upload").proxyTo).toBe(synapse);
    expect(routeOf(conf, "/_synapse/client/sso_register").proxyTo).toBe(synapse);
    expect(routeOf(conf, "/.well-known/matrix/client").proxyTo).toBe(synapse);
    expect(routeOf(conf, "/api/me").proxyTo).toBe(appservice);
    expect(routeOf(conf, "/api/faq/search?q=x").proxyTo).toBe(appservice);
    for (const uri of [
      "/_synapse/admin/v1/users/@a:b/admin",
      "/_synapse/admin/v2/users",
      "/_synapse/metrics",
    ]) {
      const route = routeOf(conf, uri);
      expect(route.proxyTo, uri).toBeUndefined();
      expect(conf.locations.find((l) => l.path === route.location)?.body, uri).toMatch(
        /return\s+404/,
      );
    }
    // The appservice's own endpoints stay inside: only /api reaches it.
    for (const uri of ["/health", "/metrics", "/_matrix/app/v1/transactions/1"]) {
      expect(routeOf(conf, uri).proxyTo, uri).not.toBe(appservice);
    }
    // Client routes fall back to the app.
    expect(
      conf.locations.find((l) => l.path === routeOf(conf, "/chats/dept-circulation").location)
        ?.body,
    ).toMatch(/try_files\s+\$uri\s+\$uri\/\s+\/index\.html;/);
    // Uploads up to Synapse's 50M limit get through.
    expect(conf.serverBody).toMatch(/client_max_body_size\s+50M;/);
  });

  it("publishes no port of Synapse, the appservice or Postgres", () => {
    for (const name of ["synapse", "appservice", "postgres", "config", "bootstrap"]) {
      expect(service(name).ports, name).toBeUndefined();
      expect(service(name).network_mode, name).toBeUndefined();
    }
    const published = (service("client").ports ?? []).map(String);
    expect(published).toEqual(["${STAFFROOM_HTTP_PORT:-8080}:8080"]);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. The production profile, rendered by the real function with compose's settings
// ---------------------------------------------------------------------------------------------

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

  it("listens on 0.0.0.0:8008, behind the proxy, client API only", () => {
    const listeners = homeserver.listeners as Record<string, unknown>[];
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({
      port: 8008,
      bind_addresses: ["0.0.0.0"],
      x_forwarded: true,
      tls: false,
      resources: [{ names: ["client"] }],
    });
    expect(homeserver.public_baseurl).toBe(settings.STAFFROOM_PUBLIC_URL);
  });

  it("keeps production settings: no key servers, no open sign-up, no test-only overrides", () => {
    expect(homeserver.trusted_key_servers).toEqual([]);
    expect(homeserver.enable_registration).toBe(false);
    expect(homeserver).not.toHaveProperty("bcrypt_rounds");
    expect(Object.keys(homeserver).filter((k) => k.startsWith("rc_"))).toEqual([]);
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
      users: [{ exclusive: true, regex: "@staffbot:chat\\.example\\.org" }],
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
