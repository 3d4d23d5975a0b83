/**
 * The reverse proxy of docker-compose's `workers` profile, generated from the routing table so
 * it can't disagree with npm start's router: the single-process config
 * (docker/nginx/staffroom.conf) with its one `/_matrix/` location replaced by a regex location
 * per {@link WORKER_ROUTES} pattern, in table order, each proxying to an upstream of its role's
 * processes. Everything else in the server block (the client, /api, /livekit, /_synapse/client,
 * the 404s, real_ip, headers, the resolver) is kept as written. Pure: text in, text out.
 */
import { RenderError } from "./synapseTemplates.ts";
import type { Endpoint, SynapseProcessSpec, WorkersTopology } from "./synapseWorkers.ts";
import { WORKER_ROUTES, type WorkerRoute } from "./workerRoutes.ts";

/** Inputs of {@link renderNginxWorkers}. */
export type NginxWorkersOptions = {
  /** The single-process config's text (docker/nginx/staffroom.conf). */
  base: string;
  /** Where the base lives, for the header. */
  baseName: string;
  /** The command line that regenerates the output, for the header. */
  command: string;
  /** The routing table; default {@link WORKER_ROUTES}. */
  routes?: readonly WorkerRoute[];
};

/** The sticky keys the upstreams hash on (maps at the top of the generated file). */
export const STICKY_KEYS = { user: "$staffroom_sync_user", room: "$staffroom_sync_room" } as const;

/** The base's own `/_matrix/` location (and the comment above it), replaced by the routes. */
const MATRIX_LOCATION =
  /((?:^[ \t]*#.*\n)*)^[ \t]*location[ \t]+\^~[ \t]+\/_matrix\/[ \t]*\{([^{}]*)\}[ \t]*\n/gm;
/** Public routes: the client-server API and media. `/_synapse/...` stays 404 in the base. */
const PUBLIC_PREFIX = "^/_matrix/";

type Upstream = { name: string; route: WorkerRoute; endpoints: Endpoint[]; groups: string[] };

/**
 * The workers profile's nginx config.
 * @param topology - the processes to route to (each role's `client` endpoints)
 * @throws RenderError when the base has no single `location ^~ /_matrix/`, or a route can't be
 *   expressed as an nginx location the way routeOf applies it
 */
export function renderNginxWorkers(
  topology: WorkersTopology,
  options: NginxWorkersOptions,
): string {
  const { base } = options;
  const found = [...base.matchAll(MATRIX_LOCATION)];
  if (found.length !== 1) {
    throw new RenderError(
      `${options.baseName}: expected one "location ^~ /_matrix/ { ... }" block, found ${found.length}`,
    );
  }
  const matrixBody = (found[0]?.[2] ?? "").trim();
  const mainTarget = /proxy_pass\s+([^\s;]+)\s*;/.exec(matrixBody)?.[1];
  if (!mainTarget) throw new RenderError(`${options.baseName}: /_matrix/ has no proxy_pass`);
  const resolver = [...base.matchAll(/^[ \t]*(resolver(?:_timeout)?[ \t][^;]+;)/gm)].map(
    (m) => m[1] as string,
  );
  if (resolver.length === 0) {
    throw new RenderError(`${options.baseName}: no resolver for the upstreams to re-resolve with`);
  }

  const upstreams = new Map<string, Upstream>();
  const locations: string[] = [];
  const internal: string[] = [];
  for (const route of options.routes ?? WORKER_ROUTES) {
    if (route.methods !== undefined) {
      throw new RenderError(
        `route "${route.group}": method-limited routes fall through to later ones in routeOf, which one nginx location can't do`,
      );
    }
    const processes = topology.processes.filter((p) => p.role === route.role && p.client);
    const servedBy = processes.map((p) => address(p.client as Endpoint)).join(", ") || "main";
    const publicPatterns = route.patterns.filter((pattern) => {
      if (pattern.startsWith(PUBLIC_PREFIX)) return true;
      if (!pattern.startsWith("^/_synapse/")) {
        throw new RenderError(`route "${route.group}": ${pattern} is not anchored at ^/_matrix/`);
      }
      internal.push(`#   ${pattern}  ${servedBy}`);
      return false;
    });
    if (publicPatterns.length === 0) continue;
    const upstream = processes.length > 0 ? upstreamOf(upstreams, route, processes) : undefined;
    upstream?.groups.push(route.group);
    const target = upstream ? `http://${upstream.name}` : mainTarget;
    locations.push(`    # ${route.group}`);
    for (const pattern of publicPatterns) {
      locations.push(`    location ~ ${quoted(pattern)} { proxy_pass ${target}; }`);
    }
  }
  const [match] = found;
  const start = match?.index ?? 0;
  const body =
    base.slice(base.search(/^(?!#)/m), start) +
    routedLocations(matrixBody, locations) +
    base.slice(start + (match?.[0].length ?? 0));
  const lines = [
    ...header(topology, options, [...upstreams.values()], mainTarget),
    ...(internal.length > 0
      ? [
          "#",
          "# Never public: the table's /_synapse/ paths (Synapse's media admin API). /_synapse/ stays",
          "# 404 here; callers inside the network (the appservice deleting media) use the process:",
          ...internal,
        ]
      : []),
    "",
    ...stickyMaps([...upstreams.values()]),
    "# One group per role. `resolve` (nginx 1.27.3+, needs the zone) re-resolves each name",
    "# through Docker's DNS: nginx starts before the workers and follows one that is recreated.",
    ...[...upstreams.values()].flatMap((u) => upstreamBlock(u, resolver)),
  ];
  return lines.join("\n") + body;
}

function upstreamOf(
  upstreams: Map<string, Upstream>,
  route: WorkerRoute,
  processes: SynapseProcessSpec[],
): Upstream {
  const name = `staffroom_${route.role}${route.balance === "single" ? "" : `_by_${route.balance}`}`;
  const existing = upstreams.get(name);
  if (existing) return existing;
  if (route.balance === "single" && processes.length > 1) {
    throw new RenderError(
      `route "${route.group}": balance "single" but role ${route.role} has ${processes.length} processes`,
    );
  }
  const created: Upstream = {
    name,
    route,
    endpoints: processes.map((p) => p.client as Endpoint),
    groups: [],
  };
  upstreams.set(name, created);
  return created;
}

function address(endpoint: Endpoint): string {
  return "path" in endpoint ? `unix:${endpoint.path}` : `${endpoint.host}:${endpoint.port}`;
}

/** A regex as an nginx string: double-quoted (regexes may hold `{`, `}` or `;`). */
function quoted(pattern: string): string {
  return `"${pattern.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function header(
  topology: WorkersTopology,
  options: NginxWorkersOptions,
  upstreams: Upstream[],
  mainTarget: string,
): string[] {
  const syncWorkers = topology.processes.filter((p) => p.role === "sync").length;
  const baseFile = options.baseName.split("/").at(-1);
  return [
    `# Generated for ${syncWorkers} sync workers from ${options.baseName} and Synapse's routing`,
    "# table (WORKER_ROUTES in appservice/src/setup/workerRoutes.ts). Do not edit: change those,",
    "# then run",
    `#   ${options.command}`,
    "#",
    "# The reverse proxy of docker-compose's workers profile (docs/deployment.md, \"Growing past",
    `# one machine"): everything ${baseFile} serves, served the same way, with /_matrix/`,
    "# spread over Synapse's processes (the first matching regex location below decides):",
    "#",
    ...upstreams.flatMap((u) => [
      `#   ${u.name}: ${u.endpoints.map(address).join(", ")}`,
      `#     ${balanceText(u)}; ${u.groups.join("; ")}`,
    ]),
    `#   ${mainTarget} (the main process): every other /_matrix/ path`,
  ];
}

function balanceText(upstream: Upstream): string {
  const { balance } = upstream.route;
  return balance === "single" ? "one process" : `sticky per ${balance} (${STICKY_KEYS[balance]})`;
}

function stickyMaps(upstreams: Upstream[]): string[] {
  const used = new Set(upstreams.map((u) => u.route.balance));
  return [
    ...(used.has("user")
      ? [
          "# Same user, same sync worker: the localpart inside Synapse's access tokens",
          "# (syt_<localpart>_<random>_<check>) from the Authorization header, else from the",
          "# access_token parameter; a token of another shape is hashed whole.",
          "map $arg_access_token $staffroom_query_user {",
          '    "~^syt_(?<staffroom_query_localpart>[^_]+)_" $staffroom_query_localpart;',
          "    default $arg_access_token;",
          "}",
          `map $http_authorization ${STICKY_KEYS.user} {`,
          '    "~^Bearer syt_(?<staffroom_header_localpart>[^_]+)_" $staffroom_header_localpart;',
          '    "" $staffroom_query_user;',
          "    default $http_authorization;",
          "}",
          "",
        ]
      : []),
    ...(used.has("room")
      ? [
          "# Same room, same worker (history pagination): the room ID in the decoded path.",
          `map $uri ${STICKY_KEYS.room} {`,
          '    "~/rooms/(?<staffroom_room_id>[^/]+)" $staffroom_room_id;',
          '    default "";',
          "}",
          "",
        ]
      : []),
  ];
}

function upstreamBlock(upstream: Upstream, resolver: string[]): string[] {
  const { balance } = upstream.route;
  return [
    `upstream ${upstream.name} {`,
    `    zone ${upstream.name} 64k;`,
    ...resolver.map((line) => `    ${line}`),
    ...(balance === "single" ? [] : [`    hash ${STICKY_KEYS[balance]} consistent;`]),
    ...upstream.endpoints.map((endpoint) =>
      "path" in endpoint
        ? `    server unix:${endpoint.path};`
        : `    server ${address(endpoint)} resolve;`,
    ),
    "}",
    "",
  ];
}

function routedLocations(matrixBody: string, locations: string[]): string {
  return [
    "    # Matrix client-server API and media. A plain prefix, not ^~ as in staffroom.conf, so that",
    "    # nginx tries the regex locations below (in order, the first match wins); what none of",
    "    # them matches goes to the main process here. ^~ /_matrix/federation/ and ^~ /_synapse/",
    "    # still skip every regex. No URI after the upstreams: nginx passes the request URI",
    "    # exactly as received (Synapse needs encoded room and event IDs untouched).",
    "    location /_matrix/ {",
    ...matrixBody.split("\n").map((line) => `        ${line.trim()}`),
    "    }",
    "",
    ...locations,
    "",
  ].join("\n");
}
