import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  generateSecrets,
  postgresConnectionsFor,
  processFor,
  readTemplates,
  RenderError,
  SYNAPSE_POOL_MAX,
  renderSynapseConfig,
  renderWorkerFiles,
  routeOf,
  userKeyOf,
  WORKER_ROUTES,
  workersTopology,
  type SynapseRenderInput,
} from "../../src/setup/index.ts";

const templates = await readTemplates(
  fileURLToPath(new URL("../../../synapse-config", import.meta.url)),
);
const sockets = workersTopology(2, {
  kind: "sockets",
  dir: "/run/s",
  redis: { path: "/run/s/redis.sock" },
});
const input = (overrides: Partial<SynapseRenderInput> = {}): SynapseRenderInput => ({
  profile: "embedded",
  serverName: "staffroom.local",
  publicBaseUrl: "http://127.0.0.1:8008/",
  bindAddress: "127.0.0.1",
  port: 8008,
  configDir: "/srv/conf",
  dataDir: "/srv/data",
  appserviceUrl: "http://127.0.0.1:9000",
  botLocalpart: "staffbot",
  secrets: generateSecrets(),
  log: { file: "/srv/logs/homeserver.log" },
  postgres: { host: "/run/pg", user: "synapse", password: "", db: "synapse" },
  workers: sockets,
  ...overrides,
});

describe("workersTopology", () => {
  it("names main, N sync workers, the stream writer, media and background", () => {
    expect(sockets.processes.map((p) => [p.name, p.role, p.app])).toEqual([
      ["main", "main", "synapse.app.homeserver"],
      ["sync1", "sync", "synapse.app.generic_worker"],
      ["sync2", "sync", "synapse.app.generic_worker"],
      ["streams", "streams", "synapse.app.generic_worker"],
      ["media", "media", "synapse.app.media_repository"],
      ["background", "background", "synapse.app.generic_worker"],
    ]);
  });

  it("addresses processes by socket, by loopback port, or by service", () => {
    expect(sockets.processes[1]?.client).toEqual({ path: "/run/s/sync1.sock" });
    const loopback = workersTopology(1, {
      kind: "loopback",
      basePort: 9100,
      redis: { host: "127.0.0.1", port: 6379 },
    });
    const ports = loopback.processes.flatMap((p) =>
      [p.client, p.replication, p.healthOnly].flatMap((e) => (e && "port" in e ? [e.port] : [])),
    );
    expect(new Set(ports).size).toBe(ports.length);
    const services = workersTopology(1, {
      kind: "services",
      clientPort: 8008,
      replicationPort: 9093,
      serviceOf: (name) => (name === "main" ? "synapse" : `synapse-${name}`),
      redis: { host: "redis", port: 6379 },
    });
    expect(services.processes.find((p) => p.name === "streams")).toMatchObject({
      client: { host: "synapse-streams", port: 8008 },
      replication: { host: "synapse-streams", port: 9093 },
    });
  });

  it("counts the PostgreSQL connections every process's pool may open, with headroom", () => {
    expect(postgresConnectionsFor(sockets)).toBe(6 * SYNAPSE_POOL_MAX + 30);
  });

  it("refuses a count that is not 1 to 32", () => {
    for (const bad of [0, -1, 1.5, 33]) {
      expect(() =>
        workersTopology(bad, { kind: "sockets", dir: "/s", redis: { path: "/r" } }),
      ).toThrow(/synapse.workers/);
    }
  });
});

describe("rendering the workers topology", () => {
  it("adds Redis, instance_map, stream writers and the background duties to homeserver.yaml", () => {
    const hs = parse(renderSynapseConfig(input(), templates)["homeserver.yaml"]) as Record<
      string,
      unknown
    >;
    expect(hs).toMatchObject({
      redis: { enabled: true, path: "/run/s/redis.sock" },
      instance_map: {
        main: { path: "/run/s/main-replication.sock" },
        streams: { path: "/run/s/streams-replication.sock" },
      },
      stream_writers: {
        events: "streams",
        typing: "streams",
        receipts: "streams",
        presence: "streams",
        account_data: "streams",
        to_device: "streams",
        push_rules: "streams",
      },
      run_background_tasks_on: "background",
      pusher_instances: ["background"],
      enable_media_repo: false,
      media_instance_running_background_jobs: "media",
      database: { name: "psycopg2", args: { host: "/run/pg", dbname: "synapse" } },
    });
    expect(typeof hs["worker_replication_secret"]).toBe("string");
    const listeners = hs["listeners"] as { path?: string; resources: { names: string[] }[] }[];
    expect(listeners.find((l) => l.path === "/run/s/main-replication.sock")?.resources).toEqual([
      { names: ["replication"] },
    ]);
  });

  it("refuses workers without PostgreSQL", () => {
    expect(() => renderSynapseConfig(input({ postgres: undefined }), templates)).toThrowError(
      RenderError,
    );
  });

  it("writes each worker's app, name, listeners, log config and pid file", () => {
    const files = renderWorkerFiles(input(), templates);
    expect(Object.keys(files)).toEqual(["sync1", "sync2", "streams", "media", "background"]);
    const media = parse(files["media"]?.["media.yaml"] ?? "") as Record<string, unknown>;
    expect(media).toMatchObject({
      worker_app: "synapse.app.media_repository",
      worker_name: "media",
      worker_log_config: "/srv/conf/workers/media.log.config",
      worker_pid_file: "/srv/data/media.pid",
      worker_listeners: [
        {
          path: "/run/s/media.sock",
          type: "http",
          x_forwarded: true,
          resources: [{ names: ["media", "client"] }],
        },
      ],
    });
    const streams = parse(files["streams"]?.["streams.yaml"] ?? "") as {
      worker_listeners: unknown[];
    };
    expect(streams.worker_listeners).toHaveLength(2);
    const background = parse(files["background"]?.["background.yaml"] ?? "") as {
      worker_listeners: { resources: { names: string[] }[] }[];
    };
    expect(background.worker_listeners[0]?.resources).toEqual([{ names: ["health"] }]);
    expect(files["sync1"]?.["sync1.log.config"]).toContain('filename: "/srv/logs/sync1.log"');
  });
});

describe("the routing table", () => {
  const token = (localpart: string) =>
    `Bearer syt_${Buffer.from(localpart).toString("base64")}_abc_123`;
  const route = (path: string, method = "GET") => routeOf(path, method)?.role ?? "main";

  it("sends each kind of request to its role, the rest to main", () => {
    expect(route("/_matrix/client/v3/sync")).toBe("sync");
    expect(route("/_matrix/client/v3/rooms/!r:x/messages")).toBe("sync");
    expect(route("/_matrix/client/v3/rooms/!r:x/send/m.room.message/t1", "PUT")).toBe("streams");
    expect(route("/_matrix/client/v3/rooms/!r:x/typing/@a:x", "PUT")).toBe("streams");
    expect(route("/_matrix/client/v3/rooms/!r:x/read_markers", "POST")).toBe("streams");
    expect(route("/_matrix/client/v3/presence/@a:x/status", "PUT")).toBe("streams");
    expect(route("/_matrix/media/v3/upload", "POST")).toBe("media");
    expect(route("/_matrix/client/v1/media/download/x/y")).toBe("media");
    expect(route("/_synapse/admin/v1/media/x/y", "DELETE")).toBe("media");
    expect(route("/_synapse/admin/v1/purge_history/!r:x", "POST")).toBe("main");
    expect(route("/_matrix/client/v3/search", "POST")).toBe("sync");
    expect(route("/_matrix/app/v1/transactions/1", "PUT")).toBe("main");
    expect(route("/_matrix/client/v3/keys/upload", "POST")).toBe("main");
  });

  it("lists every pattern once, anchored", () => {
    const patterns = WORKER_ROUTES.flatMap((r) => r.patterns);
    expect(new Set(patterns).size).toBe(patterns.length);
    for (const pattern of patterns) expect(pattern.startsWith("^/_")).toBe(true);
  });

  it("keeps a user's syncs on one worker, spreads users, and moves only a dead worker's", () => {
    const four = workersTopology(4, { kind: "sockets", dir: "/s", redis: { path: "/r" } });
    const sync = (localpart: string, alive?: (name: string) => boolean) =>
      processFor(
        four,
        { path: "/_matrix/client/v3/sync", method: "GET", authorization: token(localpart) },
        alive ? (p) => alive(p.name) : undefined,
      ).name;
    const users = Array.from({ length: 40 }, (_, i) => `staff${i}`);
    const home = new Map(users.map((u) => [u, sync(u)]));
    expect(users.every((u) => sync(u) === home.get(u))).toBe(true);
    expect(new Set(home.values()).size).toBe(4);
    const moved = users.filter((u) => sync(u, (name) => name !== "sync2") !== home.get(u));
    expect(moved.sort()).toEqual(users.filter((u) => home.get(u) === "sync2").sort());
    expect(userKeyOf(token("alice"), null)).toBe(Buffer.from("alice").toString("base64"));
    expect(userKeyOf(undefined, "opaque")).toBe("opaque");
  });
});
