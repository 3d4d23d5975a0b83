/**
 * The one routing table of the workers topology: which `/_matrix/...` (and `/_synapse/...`)
 * paths go to which kind of process, following Synapse's worker documentation. npm start's
 * same-origin proxy routes with it (scripts/lib/synapseRouter.ts) and docker/nginx's workers
 * config is generated from it (`staffroom render-nginx-workers`, checked by the compose tests),
 * so the two can't disagree. Anything not listed goes to the main process.
 */
import type { SynapseProcessSpec, SynapseRole, WorkersTopology } from "./synapseWorkers.ts";

/** How requests of a route are spread over the processes of its role. */
export type Balance =
  /** Same user, same process (the localpart in Synapse's `syt_` access tokens). */
  | "user"
  /** Same room, same process (history pagination must stay on one process per room). */
  | "room"
  /** The role has one process. */
  | "single";

/** One row of the table. */
export type WorkerRoute = {
  /** What the rows are for, as the docs and the generated nginx file name them. */
  group: string;
  /** Path regular expressions (anchored, as Synapse's docs give them). */
  patterns: readonly string[];
  role: Exclude<SynapseRole, "background">;
  balance: Balance;
  /** Only these methods (others go to the main process). Absent: every method. */
  methods?: readonly string[];
};

const C = "^/_matrix/client";

/** The table, first match wins. */
export const WORKER_ROUTES: readonly WorkerRoute[] = [
  {
    group: "sync",
    patterns: [
      `${C}/(r0|v3)/sync$`,
      `${C}/(api/v1|r0|v3)/events$`,
      `${C}/(api/v1|r0|v3)/initialSync$`,
      `${C}/(api/v1|r0|v3)/rooms/[^/]+/initialSync$`,
    ],
    role: "sync",
    balance: "user",
  },
  {
    group: "media",
    patterns: [
      "^/_matrix/media/",
      `${C}/v1/media/`,
      "^/_synapse/admin/v1/purge_media_cache$",
      "^/_synapse/admin/v1/room/.*/media.*$",
      "^/_synapse/admin/v1/user/.*/media.*$",
      "^/_synapse/admin/v1/media/.*$",
      "^/_synapse/admin/v1/quarantine_media/.*$",
      "^/_synapse/admin/v1/users/.*/media$",
    ],
    role: "media",
    balance: "single",
  },
  {
    group: "stream writers (typing, to-device, account data, receipts, presence, push rules)",
    patterns: [
      `${C}/(api/v1|r0|v3|unstable)/rooms/.*/typing`,
      `${C}/(r0|v3|unstable)/sendToDevice/`,
      `${C}/(r0|v3|unstable)/.*/tags`,
      `${C}/(r0|v3|unstable)/.*/account_data`,
      `${C}/(r0|v3|unstable)/rooms/.*/receipt`,
      `${C}/(r0|v3|unstable)/rooms/.*/read_markers`,
      `${C}/(api/v1|r0|v3|unstable)/presence/`,
      `${C}/(api/v1|r0|v3|unstable)/pushrules/`,
    ],
    role: "streams",
    balance: "single",
  },
  {
    // The event persister takes new events itself: no replication hop.
    group: "event sending",
    patterns: [
      `${C}/(api/v1|r0|v3|unstable)/rooms/.*/redact`,
      `${C}/(api/v1|r0|v3|unstable)/rooms/.*/send`,
      `${C}/(api/v1|r0|v3|unstable)/rooms/.*/state/`,
      `${C}/(api/v1|r0|v3|unstable)/rooms/.*/(join|invite|leave|ban|unban|kick)$`,
      `${C}/(api/v1|r0|v3|unstable)/join/`,
      `${C}/(api/v1|r0|v3|unstable)/knock/`,
    ],
    role: "streams",
    balance: "single",
  },
  {
    group: "history pagination",
    patterns: [`${C}/(api/v1|r0|v3|unstable)/rooms/.*/messages$`],
    role: "sync",
    balance: "room",
  },
  {
    group: "client reads",
    patterns: [
      `${C}/(api/v1|r0|v3|unstable)/createRoom$`,
      `${C}/(api/v1|r0|v3|unstable)/publicRooms$`,
      `${C}/(api/v1|r0|v3|unstable)/rooms/.*/joined_members$`,
      `${C}/(api/v1|r0|v3|unstable)/rooms/.*/context/.*$`,
      `${C}/(api/v1|r0|v3|unstable)/rooms/.*/members$`,
      `${C}/(api/v1|r0|v3|unstable)/rooms/.*/state$`,
      `${C}/v1/rooms/.*/hierarchy$`,
      `${C}/(v1|unstable)/rooms/.*/relations/`,
      `${C}/v1/rooms/.*/threads$`,
      `${C}/(r0|v3|unstable)/account/whoami$`,
      `${C}/versions$`,
      `${C}/(api/v1|r0|v3|unstable)/voip/turnServer$`,
      `${C}/(api/v1|r0|v3|unstable)/rooms/.*/event/`,
      `${C}/(api/v1|r0|v3|unstable)/joined_rooms$`,
      `${C}/v1/rooms/.*/timestamp_to_event$`,
      `${C}/(api/v1|r0|v3|unstable/.*)/rooms/.*/aliases`,
      `${C}/(api/v1|r0|v3|unstable)/search$`,
      `${C}/(r0|v3|unstable)/user/.*/filter(/|$)`,
      `${C}/(api/v1|r0|v3|unstable)/directory/room/.*$`,
      `${C}/(r0|v3|unstable)/capabilities$`,
      `${C}/(r0|v3|unstable)/notifications$`,
      `${C}/(r0|v3|unstable)/keys/query$`,
      `${C}/(r0|v3|unstable)/keys/changes$`,
      `${C}/(r0|v3|unstable)/keys/claim$`,
      `${C}/(api/v1|r0|v3|unstable)/login$`,
      `${C}/(api/v1|r0|v3|unstable)/profile/`,
      `${C}/(r0|v3|unstable)/user_directory/search$`,
    ],
    role: "sync",
    balance: "user",
  },
];

type CompiledRoute = WorkerRoute & { regexes: RegExp[] };
const COMPILED: CompiledRoute[] = WORKER_ROUTES.map((route) => ({
  ...route,
  regexes: route.patterns.map((pattern) => new RegExp(pattern)),
}));

/**
 * The route a request takes (undefined: the main process).
 * @param path - the URL path, without the query
 * @param method - the HTTP method
 */
export function routeOf(path: string, method: string): WorkerRoute | undefined {
  return COMPILED.find(
    (route) =>
      (route.methods === undefined || route.methods.includes(method.toUpperCase())) &&
      route.regexes.some((regex) => regex.test(path)),
  );
}

/**
 * The part of a request that keeps it on one process: the user's localpart from a Synapse
 * access token (`syt_<base64 localpart>_<random>_<check>`), from the Authorization header or the
 * `access_token` parameter; the whole token when it has another shape.
 */
export function userKeyOf(authorization: string | undefined, accessToken: string | null): string {
  const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : (accessToken ?? "");
  return /^syt_([^_]+)_/.exec(token)?.[1] ?? token;
}

/** The room ID in a path (`/rooms/<id>/…`), decoded. */
export function roomKeyOf(path: string): string {
  const match = /\/rooms\/([^/]+)/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : "";
}

/** FNV-1a, so every router in every process spreads keys the same way. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The process that serves a request.
 * @param topology - the running topology
 * @param request - path, method, Authorization header and `access_token` query parameter
 * @param alive - processes that may take requests now (a sync worker that is down is skipped,
 *   so its users move to another until it is back); default all
 */
export function processFor(
  topology: WorkersTopology,
  request: { path: string; method: string; authorization?: string; accessToken?: string | null },
  alive: (process: SynapseProcessSpec) => boolean = () => true,
): SynapseProcessSpec {
  const main = topology.processes.find((process) => process.role === "main");
  if (!main) throw new RangeError("the topology has no main process");
  const route = routeOf(request.path, request.method);
  if (!route) return main;
  const candidates = topology.processes.filter((p) => p.role === route.role && p.client);
  if (candidates.length === 0) return main;
  const key =
    route.balance === "room"
      ? roomKeyOf(request.path)
      : route.balance === "user"
        ? userKeyOf(request.authorization, request.accessToken ?? null)
        : "";
  const hash = hashOf(key);
  const chosen = candidates[hash % candidates.length] as SynapseProcessSpec;
  if (alive(chosen)) return chosen;
  // Only the users of a process that is down move, and back once it is up again.
  const up = candidates.filter(alive);
  return up.length === 0 ? chosen : (up[hash % up.length] as SynapseProcessSpec);
}
