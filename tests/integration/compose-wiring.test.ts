/** docker-compose.yml wiring between services, images, Dockerfiles and the proxy routes. */
// Checked without a Docker engine; helpers in compose/composeFile.ts.
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { LIVEKIT_VERSION } from "../../scripts/lib/livekitBuild.ts";
import { paths } from "../../scripts/lib/paths.ts";
import {
  compose,
  copies,
  dockerfileStages,
  mounts,
  nginxLocations,
  root,
  routeOf,
  service,
  volumeHolding,
} from "./compose/composeFile.ts";

describe("docker-compose.yml wiring", () => {
  it("runs the Synapse release pinned in synapse-config/requirements.txt", () => {
    const pinned = /^matrix-synapse(?:\[[a-z,]+\])?==(\S+)$/m.exec(
      readFileSync(paths.synapseRequirements, "utf8"),
    )?.[1];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(service("synapse").image).toBe(`ghcr.io/element-hq/synapse:v${pinned}`);
  });

  it("puts Staffroom's Synapse modules (guest guard, staff guard) on Synapse's PYTHONPATH", () => {
    const synapse = service("synapse");
    const pythonPath = synapse.environment?.PYTHONPATH ?? "";
    for (const [file, className] of [
      ["staffroom_guest_guard.py", "class GuestGuard"],
      ["staffroom_staff_guard.py", "class StaffGuard"],
    ] as const) {
      const mount = volumeHolding("synapse", `${pythonPath}/${file}`);
      expect(mount.source).toBe("./synapse-config/modules");
      expect(mount.readOnly).toBe(true);
      expect(readFileSync(join(paths.synapseModules, file), "utf8")).toContain(className);
    }
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
    // Required ones refuse to start when unset (`:?`); optional ones (TURN) default to empty.
    const optional = new Set(["STAFFROOM_TURN_SHARED_SECRET"]);
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (/PASSWORD|SECRET|TOKEN/.test(key))
          expect(value, `${name}.${key}`).toMatch(
            optional.has(key) ? new RegExp(`^\\$\\{${key}:-\\}$`) : /^\$\{[A-Z_]+:\?.+\}$/,
          );
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

  it("runs the pinned livekit-server with the rendered config, publishing only its media ports", () => {
    const livekit = service("livekit");
    expect(livekit.image).toBe(`livekit/livekit-server:${LIVEKIT_VERSION}`);
    expect(livekit.restart).toBe("unless-stopped");
    expect(livekit.healthcheck?.test.join(" ")).toContain("http://127.0.0.1:7880/");
    expect(livekit.depends_on).toMatchObject({
      config: { condition: "service_completed_successfully" },
    });
    const configPath = livekit.command?.[livekit.command.indexOf("--config") + 1] ?? "";
    const mount = volumeHolding("livekit", configPath);
    expect(mount.source).toBe(volumeHolding("config", "/config").source);
    expect(mount.readOnly).toBe(true);
    expect(posix.basename(configPath)).toBe("livekit.yaml");
    // Signalling (7880) goes through the proxy; only ICE/TCP and the UDP range are published.
    expect((livekit.ports ?? []).map(String)).toEqual(["7881:7881", "50100-50200:50100-50200/udp"]);
    expect(livekit.expose).toEqual(["7880"]);
  });

  it("routes the LiveKit token service to the appservice and signalling to LiveKit, never federation", () => {
    const client = dockerfileStages("client/Dockerfile").at(-1)!;
    const confCopy = copies(client).find((c) => c.dest === "/etc/nginx/conf.d/default.conf");
    const text = readFileSync(join(root, confCopy!.sources[0]!), "utf8");
    const conf = nginxLocations(text);
    expect(routeOf(conf, "/livekit/jwt/get_token").proxyTo).toBe("http://appservice:9000");
    expect(routeOf(conf, "/livekit/jwt/sfu/get").proxyTo).toBe("http://appservice:9000");
    const sfu = routeOf(conf, "/livekit/sfu/rtc?access_token=x");
    expect(sfu.proxyTo).toBe("http://livekit:7880");
    const body = conf.locations.find((l) => l.path === sfu.location)?.body ?? "";
    expect(body).toMatch(/rewrite \^\/livekit\/sfu\(\/\.\*\)\$ \$1 break;/);
    expect(body).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(body).toMatch(/proxy_set_header Host \$host;/);
    const federation = routeOf(conf, "/_matrix/federation/v1/openid/userinfo?access_token=x");
    expect(federation.proxyTo).toBeUndefined();
    expect(conf.locations.find((l) => l.path === federation.location)?.body).toMatch(
      /return\s+404/,
    );
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
