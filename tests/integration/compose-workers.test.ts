/** docker-compose's `workers` profile: its services, their rendered files and the routed proxy. */
// Checked without a Docker engine; helpers in compose/composeFile.ts.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  WORKER_ROUTES,
  routeOf as workerRouteOf,
  type SynapseProcessSpec,
} from "@staffroom/appservice/setup";
import {
  COMPOSE_SYNC_WORKERS,
  composeServiceOf,
  composeWorkersTopology,
} from "../../appservice/src/setup/composeWorkers.ts";
import {
  type ComposeFile,
  compose,
  copies,
  dockerCompose,
  dockerfileStages,
  mounts,
  nginxLocations,
  root,
  routeOf,
  service,
  settings,
  volumeHolding,
} from "./compose/composeFile.ts";

const topology = composeWorkersTopology(COMPOSE_SYNC_WORKERS);
const workers = topology.processes.filter((p) => p.role !== "main");
/** The settings .env gives to turn the profile on (docker/.env.example). */
const workersEnv = {
  ...settings,
  COMPOSE_PROFILES: "workers",
  STAFFROOM_SYNAPSE_WORKERS: String(COMPOSE_SYNC_WORKERS),
  STAFFROOM_NGINX_CONF: "staffroom-workers.conf",
};
const workersConf = () =>
  nginxLocations(readFileSync(join(root, "docker", "nginx", "staffroom-workers.conf"), "utf8"));
const configPaths = (name: string) => {
  const command = service(name).command ?? [];
  const flag = (arg?: string) => arg === "-c" || arg === "--config-path";
  return command.flatMap((arg, i) => (flag(command[i - 1]) ? [arg] : []));
};
const hostPort = (p: SynapseProcessSpec) =>
  p.client && "host" in p.client ? `${p.client.host}:${p.client.port}` : "(no client)";
/** Paths of every route group (a group without one fails the routing test). */
const SAMPLES = [
  "/_matrix/client/v3/sync?since=s1&timeout=30000",
  "/_matrix/client/v3/rooms/!a%3Ab/initialSync",
  "/_matrix/media/v3/upload",
  "/_matrix/client/v1/media/thumbnail/b/abc?width=32",
  "/_matrix/client/v3/rooms/!a%3Ab/typing/%40u%3Ab",
  "/_matrix/client/v3/sendToDevice/m.room_key/1",
  "/_matrix/client/v3/rooms/!a%3Ab/send/m.room.message/1",
  "/_matrix/client/v3/rooms/!a%3Ab/state/m.room.name/",
  "/_matrix/client/v3/rooms/!a%3Ab/messages?dir=b",
  "/_matrix/client/v3/keys/query",
  "/_matrix/client/versions",
  "/_matrix/client/v3/register",
  "/_matrix/client/v3/keys/upload",
];
describe("docker-compose workers profile", () => {
  it("holds exactly the topology's workers and redis; everything else runs without it", () => {
    const profiled = Object.entries(compose.services)
      .filter(([, s]) => s.profiles !== undefined)
      .map(([name, s]) => [name, s.profiles]);
    expect(Object.fromEntries(profiled)).toEqual(
      Object.fromEntries(
        [...workers.map((p) => composeServiceOf(p.name)), "redis"].map((n) => [n, ["workers"]]),
      ),
    );
    // The main process is the `synapse` service itself, profile or not.
    expect(composeServiceOf("main")).toBe("synapse");
  });

  it.each(workers.map((p) => [p.name, p] as const))(
    "runs worker %s from Synapse's image with its app, the shared config, then its own",
    (name, process) => {
      const worker = service(composeServiceOf(name));
      const synapse = service("synapse");
      expect(worker.image).toBe(synapse.image);
      const { SYNAPSE_CONFIG_PATH, ...shared } = synapse.environment ?? {};
      expect(worker.environment).toEqual({ ...shared, SYNAPSE_WORKER: process.app });
      // The image's start script: `run`, then Synapse's own arguments.
      expect(worker.command?.[0]).toBe("run");
      const [homeserver, own] = configPaths(composeServiceOf(name));
      expect(homeserver).toBe(SYNAPSE_CONFIG_PATH);
      expect(own).toBe(`${posix.dirname(SYNAPSE_CONFIG_PATH ?? "")}/workers/${name}.yaml`);
      const config = volumeHolding(composeServiceOf(name), own ?? "");
      expect(config.source).toBe(volumeHolding("config", "/config").source);
      expect(config.readOnly).toBe(true);
      expect(mounts(composeServiceOf(name))).toEqual(
        expect.arrayContaining(mounts("synapse").filter((m) => m.source !== "config")),
      );
      expect(worker.depends_on).toEqual({
        synapse: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
      });
      expect(worker.restart).toBe("unless-stopped");
      expect(worker.healthcheck?.test.join(" ")).toContain("http://localhost:8008/health");
      expect(worker.ports, name).toBeUndefined();
    },
  );

  it("runs a pinned, healthchecked Redis at the address homeserver.yaml is given", () => {
    const redis = service("redis");
    expect(redis.image).toMatch(/^redis:\d+\.\d+[\w.-]*$/);
    expect(redis.healthcheck?.test).toEqual(["CMD", "redis-cli", "ping"]);
    expect(topology.redis).toEqual({ host: "redis", port: Number(redis.expose?.[0]) });
    expect(redis.ports).toBeUndefined();
  });

  it("swaps the proxy config by STAFFROOM_NGINX_CONF, by default the one the image bakes in", async () => {
    const client = dockerfileStages("client/Dockerfile").at(-1)!;
    const baked = copies(client).find((c) => c.dest === "/etc/nginx/conf.d/default.conf");
    // As written (the `:-` default holds a colon, so not through mounts()): read-only.
    expect(service("client").volumes).toContain(
      "./docker/nginx/${STAFFROOM_NGINX_CONF:-staffroom.conf}:/etc/nginx/conf.d/default.conf:ro",
    );
    for (const [env, file] of [
      [settings, baked?.sources[0]],
      [workersEnv, "docker/nginx/staffroom-workers.conf"],
    ] as const) {
      const result = await dockerCompose(["--profile", "workers", "config"], env);
      expect(result.status, result.stderr).toBe(0);
      const volumes = (parse(result.stdout) as ComposeFile).services.client?.volumes ?? [];
      expect(volumes).toContain(`${join(root, file ?? "")}:/etc/nginx/conf.d/default.conf:ro`);
      expect(existsSync(join(root, file ?? ""))).toBe(true);
    }
    // The workers file re-resolves its upstreams (`server … resolve`): nginx 1.27.3 or later.
    const [major = 0, minor = 0] = (/^FROM nginx:(\d+)\.(\d+)/.exec(client.from) ?? [])
      .slice(1)
      .map(Number);
    expect(major * 1000 + minor, client.from).toBeGreaterThanOrEqual(1027);
  });

  it("still publishes only the proxy's port and LiveKit's, with the profile on", async () => {
    const result = await dockerCompose(["--profile", "workers", "config"], workersEnv);
    const resolved = parse(result.stdout) as ComposeFile;
    const publishing = Object.entries(resolved.services).filter(([, s]) => s.ports?.length);
    expect(publishing.map(([name]) => name).sort()).toEqual(["client", "livekit"]);
  });

  it("routes each path as the routing table does, to its role's compose services", () => {
    const conf = workersConf();
    const groups = new Set<string>();
    for (const path of SAMPLES) {
      const route = workerRouteOf(path.split("?")[0] ?? "", "GET");
      if (route) groups.add(route.group);
      const role = route?.role ?? "main";
      const got = routeOf(conf, path);
      if (role === "main") {
        expect(got.proxyTo, path).toBe(`http://${composeServiceOf("main")}:8008`);
      } else {
        const expected = topology.processes.filter((p) => p.role === role).map(hostPort);
        expect(got.servers, path).toEqual(expected);
      }
    }
    const routed = WORKER_ROUTES.filter((r) => r.patterns.some((p) => p.startsWith("^/_matrix/")));
    expect([...groups].sort()).toEqual(routed.map((r) => r.group).sort());
    // Each upstream host is a compose service of the profile (ports: the rendered files, below).
    for (const server of Object.values(conf.upstreams).flat()) {
      expect(service(server.split(":")[0] ?? "").profiles, server).toEqual(["workers"]);
    }
  });

  it("keeps federation and the Admin API, media admin included, off the routed proxy", () => {
    const conf = workersConf();
    for (const path of [
      "/_matrix/federation/v1/openid/userinfo?access_token=x",
      "/_matrix/federation/v1/media/download/abc",
      "/_synapse/admin/v1/media/chat.example.org/abc",
      "/_synapse/admin/v1/purge_media_cache",
      "/_synapse/admin/v2/users",
    ]) {
      const route = routeOf(conf, path);
      expect(route.proxyTo, path).toBeUndefined();
      const body = conf.locations.find((l) => l.path === route.location)?.body;
      expect(body, path).toMatch(/return\s+404/);
    }
    expect(routeOf(conf, "/api/me").proxyTo).toBe("http://appservice:9000");
    expect(routeOf(conf, "/_synapse/client/sso_register").proxyTo).toBe("http://synapse:8008");
  });
});

describe("worker files rendered by the config service's command", () => {
  let dir: string;
  let homeserver: Record<string, unknown>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "staffroom-workers-"));
    const resolved = await dockerCompose(["--profile", "workers", "config"], workersEnv);
    expect(resolved.status, resolved.stderr).toBe(0);
    const environment = (parse(resolved.stdout) as ComposeFile).services.config?.environment;
    expect(environment?.STAFFROOM_SYNAPSE_WORKERS).toBe(String(COMPOSE_SYNC_WORKERS));
    const rendered = spawnSync(
      process.execPath,
      [
        join(root, "appservice", "bin", "staffroom.mjs"),
        ...(service("config").command ?? []).slice(1, -1),
        dir,
      ],
      { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...environment } },
    );
    expect(rendered.status, rendered.stderr).toBe(0);
    homeserver = parse(await readFile(join(dir, "homeserver.yaml"), "utf8")) as typeof homeserver;
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("points Synapse at the compose Redis and its processes at each other's services", () => {
    expect(homeserver.redis).toEqual({ enabled: true, host: "redis", port: 6379 });
    expect(service("redis").expose).toContain("6379");
    const instances = homeserver.instance_map as Record<string, { host: string; port: number }>;
    expect(Object.keys(instances).sort()).toEqual(["main", "streams"]);
    // Replication goes service to service (the workers' own listeners: below).
    for (const [name, { host }] of Object.entries(instances)) {
      expect(host, name).toBe(composeServiceOf(name));
      expect(service(host).image, name).toBe(service("synapse").image);
    }
    const listeners = homeserver.listeners as { port: number; resources: { names: string[] }[] }[];
    expect(listeners).toContainEqual(
      expect.objectContaining({ port: instances.main?.port, bind_addresses: ["0.0.0.0"] }),
    );
    expect(homeserver.enable_media_repo).toBe(false);
  });

  it("writes each worker's file where its service reads it, listening where nginx sends it", async () => {
    const upstreamPorts = new Map(
      Object.values(workersConf().upstreams)
        .flat()
        .map((s) => [s.split(":")[0], Number(s.split(":")[1])]),
    );
    const configDir = posix.dirname(service("synapse").environment?.SYNAPSE_CONFIG_PATH ?? "");
    for (const process of workers) {
      const name = composeServiceOf(process.name);
      const own = configPaths(name)[1] ?? "";
      const file = join(dir, posix.relative(configDir, own));
      const config = parse(await readFile(file, "utf8")) as {
        worker_app: string;
        worker_name: string;
        worker_listeners: { port: number; resources: { names: string[] }[] }[];
        worker_log_config: string;
      };
      expect(config.worker_app, name).toBe(service(name).environment?.SYNAPSE_WORKER);
      expect(config.worker_name, name).toBe(process.name);
      expect(existsSync(config.worker_log_config), name).toBe(true);
      const ports = config.worker_listeners.map((l) => l.port);
      // The healthcheck's port, and where the proxy sends this worker's traffic.
      expect(ports, name).toContain(8008);
      if (process.client) expect(ports, name).toContain(upstreamPorts.get(name));
      else expect(upstreamPorts.has(name), name).toBe(false);
      const replication = (homeserver.instance_map as Record<string, { port: number }>)[
        process.name
      ];
      if (replication) expect(ports, name).toContain(replication.port);
    }
  });
});
