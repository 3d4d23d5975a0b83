/**
 * docker-compose's `workers` profile as a {@link WorkersTopology}: one service per Synapse
 * process, named `synapse` (the main process) and `synapse-<name>` (each worker), all on the
 * same ports inside their containers. docker-compose.yml lists these services,
 * `staffroom render-config` renders their files (STAFFROOM_SYNAPSE_WORKERS) and
 * docker/nginx/staffroom-workers.conf routes to them; the compose tests hold the three together.
 */
import { workersTopology, type WorkersTopology } from "./synapseWorkers.ts";

/** Sync workers the compose file runs (its `synapse-sync<N>` services). */
export const COMPOSE_SYNC_WORKERS = 2;

/** Where the compose services listen inside their containers. */
export const COMPOSE_WORKER_PORTS = { client: 8008, replication: 9093, redis: 6379 } as const;

/** The compose service of Synapse process `name`. */
export function composeServiceOf(name: string): string {
  return name === "main" ? "synapse" : `synapse-${name}`;
}

/**
 * The topology of the compose `workers` profile.
 * @param syncWorkers - sync workers (the compose file has {@link COMPOSE_SYNC_WORKERS})
 * @throws RangeError when `syncWorkers` is not a whole number from 1 to 32
 */
export function composeWorkersTopology(syncWorkers = COMPOSE_SYNC_WORKERS): WorkersTopology {
  return workersTopology(syncWorkers, {
    kind: "services",
    clientPort: COMPOSE_WORKER_PORTS.client,
    replicationPort: COMPOSE_WORKER_PORTS.replication,
    serviceOf: composeServiceOf,
    redis: { host: "redis", port: COMPOSE_WORKER_PORTS.redis },
  });
}
