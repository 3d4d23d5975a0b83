/**
 * Synapse's workers topology as one typed description: which processes run, what each one does,
 * and how they reach each other. The shared homeserver.yaml keys (`instance_map`,
 * `stream_writers`, `run_background_tasks_on`, …) and every worker's own file are derived from
 * it, never written by hand; the routing table (workerRoutes.ts) names its processes by role.
 *
 *   main        synapse.app.homeserver: admin API, appservice transactions, purges, anything
 *               not routed elsewhere
 *   sync1..N    generic workers: /sync and client reads (sticky per user)
 *   streams     generic worker: event persister and the writer of the typing, receipts,
 *               presence, account data, to-device and push rules streams
 *   media       media repository (uploads, downloads, thumbnails, media admin API)
 *   background  generic worker: background tasks, pushers, user directory updates
 */

/** What a process does; the routing table sends paths to a role. */
export type SynapseRole = "main" | "sync" | "streams" | "media" | "background";

/** Streams written by the `streams` worker instead of the main process. */
export const STREAMS_ON_WORKER = [
  "events",
  "typing",
  "receipts",
  "presence",
  "account_data",
  "to_device",
  "push_rules",
] as const;

/** Where a process listens: a TCP port on a host, or a Unix socket. */
export type Endpoint = { host: string; port: number } | { path: string };

/** One Synapse process of the topology. */
export type SynapseProcessSpec = {
  /** `worker_name` (and `main` for the main process). */
  name: string;
  role: SynapseRole;
  app: "synapse.app.homeserver" | "synapse.app.generic_worker" | "synapse.app.media_repository";
  /** Where the reverse proxy sends its client traffic (absent: serves no client requests). */
  client?: Endpoint;
  /** Its HTTP replication listener, listed in `instance_map` (main and stream writers). */
  replication?: Endpoint;
  /** A listener serving only `/health`, for a worker with no client traffic (background). */
  healthOnly?: Endpoint;
};

/** The processes of a workers deployment. */
export type WorkersTopology = {
  processes: readonly SynapseProcessSpec[];
  redis: { host: string; port: number } | { path: string };
};

/** How processes are addressed: one machine (ports from a base) or one service per process. */
export type WorkerAddressing =
  | {
      /** Every listener a Unix socket in `dir` (npm start, the tests): only this user reaches them. */
      kind: "sockets";
      dir: string;
      redis: { path: string };
    }
  | {
      /** TCP on this machine's loopback, two ports per process from `basePort`. */
      kind: "loopback";
      basePort: number;
      redis: { host: string; port: number };
    }
  | {
      /** One service per process (docker-compose). */
      kind: "services";
      /** Each process's client port inside its container. */
      clientPort: number;
      replicationPort: number;
      /** Service name of process `name` (docker-compose: `synapse` for main, `synapse-<name>`). */
      serviceOf: (name: string) => string;
      redis: { host: string; port: number };
    };

/**
 * The topology for `syncWorkers` sync/client workers.
 * @param syncWorkers - at least 1
 * @param addressing - where processes listen
 * @throws RangeError when `syncWorkers` is not a whole number from 1 to 32
 */
export function workersTopology(
  syncWorkers: number,
  addressing: WorkerAddressing,
): WorkersTopology {
  if (!Number.isInteger(syncWorkers) || syncWorkers < 1 || syncWorkers > 32) {
    throw new RangeError(`synapse.workers: ${syncWorkers} is not a whole number from 1 to 32`);
  }
  const names = [
    ...Array.from({ length: syncWorkers }, (_, i) => `sync${i + 1}`),
    "streams",
    "media",
    "background",
  ];
  const at = (name: string, purpose: "client" | "replication"): Endpoint => {
    if (addressing.kind === "services") {
      return {
        host: addressing.serviceOf(name),
        port: purpose === "client" ? addressing.clientPort : addressing.replicationPort,
      };
    }
    if (addressing.kind === "sockets") {
      return {
        path: `${addressing.dir}/${name}${purpose === "replication" ? "-replication" : ""}.sock`,
      };
    }
    // main's replication listener, then two ports per worker in a fixed order.
    const index = name === "main" ? 0 : names.indexOf(name) + 1;
    return {
      host: "127.0.0.1",
      port: addressing.basePort + index * 2 + (purpose === "client" ? 1 : 0),
    };
  };
  const processes: SynapseProcessSpec[] = [
    {
      name: "main",
      role: "main",
      app: "synapse.app.homeserver",
      replication: at("main", "replication"),
    },
    ...names.map((name): SynapseProcessSpec => {
      if (name === "streams") {
        return {
          name,
          role: "streams",
          app: "synapse.app.generic_worker",
          client: at(name, "client"),
          replication: at(name, "replication"),
        };
      }
      if (name === "media") {
        return {
          name,
          role: "media",
          app: "synapse.app.media_repository",
          client: at(name, "client"),
        };
      }
      if (name === "background") {
        return {
          name,
          role: "background",
          app: "synapse.app.generic_worker",
          healthOnly: at(name, "client"),
        };
      }
      return { name, role: "sync", app: "synapse.app.generic_worker", client: at(name, "client") };
    }),
  ];
  return { processes, redis: addressing.redis };
}

/** Connections one Synapse process may hold (`cp_max` of the rendered database section). */
export const SYNAPSE_POOL_MAX = 10;

/**
 * PostgreSQL connections the topology needs at most: every process's pool, plus room for the
 * appservice, psql and the migration tools.
 */
export function postgresConnectionsFor(topology: WorkersTopology): number {
  return topology.processes.length * SYNAPSE_POOL_MAX + 30;
}

/** The processes of a role. */
export function processesOf(topology: WorkersTopology, role: SynapseRole): SynapseProcessSpec[] {
  return topology.processes.filter((process) => process.role === role);
}

function endpointYaml(endpoint: Endpoint): Record<string, unknown> {
  return "path" in endpoint
    ? { path: endpoint.path }
    : { host: endpoint.host, port: endpoint.port };
}

/** What the workers topology adds to the shared homeserver.yaml; see {@link sharedWorkerConfig}. */
export type SharedWorkerConfig = {
  /** Top-level keys merged over the single-process file. */
  keys: Record<string, unknown>;
  /** Listeners added to the main process's (its replication listener). */
  mainListeners: Record<string, unknown>[];
};

/**
 * The shared homeserver.yaml's part of the topology (renderSynapseConfig merges it): Redis, the
 * main process's replication listener, `instance_map`, `stream_writers`, which worker runs
 * background tasks, pushers, the user directory and media jobs, and the replication secret.
 * @param bindAddress - where main's replication listener binds (loopback, or 0.0.0.0 in a container)
 */
export function sharedWorkerConfig(
  topology: WorkersTopology,
  replicationSecret: string,
  bindAddress: string,
): SharedWorkerConfig {
  const main = topology.processes.find((process) => process.role === "main");
  const streams = processesOf(topology, "streams")[0];
  const media = processesOf(topology, "media")[0];
  const background = processesOf(topology, "background")[0];
  if (!main?.replication || !streams || !media || !background) {
    throw new RangeError("a workers topology needs main, streams, media and background processes");
  }
  const instanceMap = Object.fromEntries(
    topology.processes
      .filter((process) => process.replication !== undefined)
      .map((process) => [process.name, endpointYaml(process.replication as Endpoint)]),
  );
  return {
    keys: {
      redis: { enabled: true, ...endpointYaml(topology.redis) },
      worker_replication_secret: replicationSecret,
      instance_map: instanceMap,
      stream_writers: Object.fromEntries(STREAMS_ON_WORKER.map((stream) => [stream, streams.name])),
      run_background_tasks_on: background.name,
      pusher_instances: [background.name],
      update_user_directory_from_worker: background.name,
      // Only the media worker serves media (its app loads the repository regardless).
      enable_media_repo: false,
      media_instance_running_background_jobs: media.name,
    },
    mainListeners: [replicationListener(main.replication, bindAddress)],
  };
}

function replicationListener(endpoint: Endpoint, bindAddress: string): Record<string, unknown> {
  const where =
    "path" in endpoint
      ? { path: endpoint.path }
      : { port: endpoint.port, bind_addresses: [bindAddress] };
  return { ...where, type: "http", resources: [{ names: ["replication"] }] };
}

/**
 * One worker's own configuration file (read after the shared homeserver.yaml).
 * @param process - a worker of the topology (not main)
 * @param options - where its listeners bind, its log config and pid file
 */
export function workerConfig(
  process: SynapseProcessSpec,
  options: { bindAddress: string; logConfig: string; pidFile: string },
): Record<string, unknown> {
  if (process.role === "main") throw new RangeError("main has no worker config");
  const listeners: Record<string, unknown>[] = [];
  if (process.client) {
    const names = process.role === "media" ? ["media", "client"] : ["client"];
    const where =
      "path" in process.client
        ? { path: process.client.path, mode: 0o600 }
        : { port: process.client.port, bind_addresses: [options.bindAddress] };
    // Behind the reverse proxy, which sets X-Forwarded-For to the browser's address.
    listeners.push({
      ...where,
      type: "http",
      x_forwarded: true,
      resources: [{ names, compress: false }],
    });
  }
  if (process.healthOnly) {
    const where =
      "path" in process.healthOnly
        ? { path: process.healthOnly.path, mode: 0o600 }
        : { port: process.healthOnly.port, bind_addresses: [options.bindAddress] };
    listeners.push({ ...where, type: "http", resources: [{ names: ["health"] }] });
  }
  if (process.replication)
    listeners.push(replicationListener(process.replication, options.bindAddress));
  return {
    worker_app: process.app,
    worker_name: process.name,
    worker_listeners: listeners,
    worker_log_config: options.logConfig,
    worker_pid_file: options.pidFile,
  };
}

/** Where a process answers `/health` (its client listener, else its health-only one). */
export function healthEndpointOf(process: SynapseProcessSpec): Endpoint | undefined {
  return process.client ?? process.healthOnly;
}
