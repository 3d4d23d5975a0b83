import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  NGINX_BASE,
  NGINX_WORKERS,
  renderNginxWorkersCommand,
} from "../../src/cli/commands/renderNginxWorkers.ts";
import { composeWorkersTopology } from "../../src/setup/composeWorkers.ts";
import {
  RenderError,
  renderNginxWorkers,
  STICKY_KEYS,
  userKeyOf,
  WORKER_ROUTES,
  type WorkerRoute,
  type WorkersTopology,
} from "../../src/setup/index.ts";

const base = readFileSync(NGINX_BASE, "utf8");
const options = { base, baseName: "docker/nginx/staffroom.conf", command: "npx regenerate" };
const render = (topology: WorkersTopology = composeWorkersTopology(3), routes?: WorkerRoute[]) =>
  renderNginxWorkers(topology, { ...options, ...(routes ? { routes } : {}) });

/** `location ~ "<regex>" { proxy_pass <target>; }` lines, in file order. */
function routedLocations(text: string): { regex: string; target: string }[] {
  return [...text.matchAll(/^ {4}location ~ "((?:[^"\\]|\\.)*)" \{ proxy_pass (\S+); \}$/gm)].map(
    (m) => ({ regex: (m[1] ?? "").replace(/\\(.)/g, "$1"), target: m[2] ?? "" }),
  );
}

/** `upstream <name> { ... }` bodies by name. */
function upstreams(text: string): Record<string, string> {
  return Object.fromEntries(
    [...text.matchAll(/^upstream (\S+) \{\n([^}]*)\}/gm)].map((m) => [m[1], m[2] ?? ""]),
  );
}

const serversOf = (body: string) => [...body.matchAll(/^ {4}server (\S+?)[ ;]/gm)].map((m) => m[1]);

describe("renderNginxWorkers", () => {
  it("matches the checked-in docker/nginx/staffroom-workers.conf", async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), env: {} };
    expect(await renderNginxWorkersCommand.run({ values: {}, positionals: [] }, io)).toBe(0);
    expect(
      `${out.join("\n")}\n`,
      "docker/nginx/staffroom-workers.conf is out of date: " +
        "run npx staffroom render-nginx-workers --out docker/nginx/staffroom-workers.conf",
    ).toBe(readFileSync(NGINX_WORKERS, "utf8"));
  });

  it("routes every /_matrix/ pattern, in table order, to an upstream of exactly its role's processes", () => {
    const topology = composeWorkersTopology(3);
    const text = render(topology);
    const routed = routedLocations(text);
    const expected = WORKER_ROUTES.flatMap((route) =>
      route.patterns.filter((p) => p.startsWith("^/_matrix/")).map((regex) => ({ regex, route })),
    );
    expect(routed.map((l) => l.regex)).toEqual(expected.map((e) => e.regex));
    const groups = upstreams(text);
    for (const [i, { route }] of expected.entries()) {
      const name = routed[i]?.target.replace(/^http:\/\//, "") ?? "";
      const hosts = topology.processes
        .filter((p) => p.role === route.role && p.client)
        .map((p) => (p.client && "host" in p.client ? `${p.client.host}:${p.client.port}` : ""));
      expect(serversOf(groups[name] ?? ""), `${route.group}: ${name}`).toEqual(hosts);
    }
    expect(Object.keys(groups).sort()).toEqual([
      "staffroom_media",
      "staffroom_streams",
      "staffroom_sync_by_room",
      "staffroom_sync_by_user",
    ]);
  });

  it("keeps the base's server block, with its /_matrix/ prefix no longer ^~", () => {
    const text = render();
    expect(text).not.toContain("location ^~ /_matrix/ {");
    // Regex locations are only tried when the longest prefix is not ^~.
    expect(text).toMatch(/^ {4}location \/_matrix\/ \{\n {8}proxy_pass \$synapse;\n {4}\}$/m);
    const [before, after] = base.split(/^.*location \^~ \/_matrix\/ \{[^}]*\}\n/m);
    const kept = (before ?? "").replace(/^(#.*\n)+/, "");
    expect(text).toContain(kept.slice(0, kept.lastIndexOf("\n\n")));
    expect(text).toContain(after);
    // The routed locations sit inside the server block, not after it.
    expect(text.indexOf("location ~ ")).toBeGreaterThan(text.indexOf("server {"));
    expect(text.trimEnd().endsWith("}")).toBe(true);
  });

  it("keeps federation and the Admin API answered 404, and never routes media admin paths", () => {
    const text = render();
    expect(text).toMatch(/location \^~ \/_matrix\/federation\/ \{\n\s+return 404;/);
    expect(text).toMatch(/location \^~ \/_synapse\/ \{\n\s+return 404;/);
    expect(routedLocations(text).filter((l) => !l.regex.startsWith("^/_matrix/"))).toEqual([]);
    expect(text).not.toMatch(/location [^\n]*_synapse\/admin/);
    // Listed in the header as internal, at the media worker's address.
    expect(text).toContain("\n#   ^/_synapse/admin/v1/media/.*$  synapse-media:8008\n");
  });

  it("hashes sync upstreams on the user, pagination on the room, single-process ones not at all", () => {
    const groups = upstreams(render());
    expect(groups.staffroom_sync_by_user).toContain(`hash ${STICKY_KEYS.user} consistent;`);
    expect(groups.staffroom_sync_by_room).toContain(`hash ${STICKY_KEYS.room} consistent;`);
    for (const name of ["staffroom_media", "staffroom_streams"]) {
      expect(groups[name], name).not.toContain("hash ");
    }
  });

  it("takes the user from Synapse's token in the header, else the query, as userKeyOf does", () => {
    const text = render();
    const header = /^map \$http_authorization \$staffroom_sync_user \{\n([^}]*)\}/m.exec(text)?.[1];
    const query = /^map \$arg_access_token \$staffroom_query_user \{\n([^}]*)\}/m.exec(text)?.[1];
    expect(header).toContain('    "" $staffroom_query_user;');
    expect(header).toContain("    default $http_authorization;");
    expect(query).toContain("    default $arg_access_token;");
    const regexOf = (body = "") => new RegExp(/"~([^"]+)"/.exec(body)?.[1] ?? "(?!)");
    for (const token of ["syt_YWxpY2U_abcdef_0x1y2z", "syt_Ym9i_x_y"]) {
      const localpart = userKeyOf(`Bearer ${token}`, null);
      expect(regexOf(header).exec(`Bearer ${token}`)?.[1]).toBe(localpart);
      expect(regexOf(query).exec(token)?.[1]).toBe(userKeyOf(undefined, token));
    }
    expect(regexOf(header).exec("Bearer opaque-token")).toBeNull();
    expect(text).toMatch(
      /^map \$uri \$staffroom_sync_room \{\n {4}"~\/rooms\/\(\?<\w+>\[\^\/\]\+\)"/m,
    );
  });

  it("re-resolves service names through the base's resolver; sockets need none", () => {
    const groups = upstreams(render());
    for (const [name, body] of Object.entries(groups)) {
      expect(body, name).toContain(`zone ${name} 64k;`);
      expect(body, name).toContain("resolver 127.0.0.11 valid=10s ipv6=off;");
      expect(body, name).toMatch(/^ {4}server \S+:\d+ resolve;$/m);
    }
    const compose = composeWorkersTopology(1);
    const local: WorkersTopology = {
      ...compose,
      processes: compose.processes.map((p) =>
        p.client ? { ...p, client: { path: `/run/staffroom/${p.name}.sock` } } : p,
      ),
    };
    const sync = upstreams(render(local)).staffroom_sync_by_user ?? "";
    expect(sync).toContain("    server unix:/run/staffroom/sync1.sock;\n");
    expect(sync).not.toContain("resolve;");
  });

  it("sends a role that has no client processes to the main process", () => {
    const topology = composeWorkersTopology(1);
    const noMedia = {
      ...topology,
      processes: topology.processes.filter((p) => p.role !== "media"),
    };
    const media = routedLocations(render(noMedia)).filter((l) => l.regex.includes("media/"));
    expect(media.map((l) => l.target)).toEqual(["$synapse", "$synapse"]);
    expect(upstreams(render(noMedia))).not.toHaveProperty("staffroom_media");
  });

  it("quotes regexes so braces, quotes and backslashes survive nginx's parser", () => {
    const routes: WorkerRoute[] = [
      {
        group: "odd",
        patterns: ['^/_matrix/client/v3/x{2}/"q"\\.y$'],
        role: "sync",
        balance: "user",
      },
    ];
    const text = render(composeWorkersTopology(1), routes);
    expect(text).toContain('location ~ "^/_matrix/client/v3/x{2}/\\"q\\"\\\\.y$" {');
    expect(routedLocations(text)[0]?.regex).toBe(routes[0]?.patterns[0]);
  });

  it.each([
    ["no /_matrix/ location", base.replace("location ^~ /_matrix/ {", "location ^~ /_other/ {")],
    ["two /_matrix/ locations", `${base}\nlocation ^~ /_matrix/ { proxy_pass $synapse; }\n`],
    ["no resolver", base.replace(/^\s*resolver.*$/gm, "")],
  ])("refuses a base with %s", (_, text) => {
    expect(() => renderNginxWorkers(composeWorkersTopology(1), { ...options, base: text })).toThrow(
      RenderError,
    );
  });

  it.each([
    ["limits methods", { methods: ["GET"] }],
    ["is not anchored at ^/_matrix/", { patterns: ["/_matrix/client/v3/sync"] }],
  ])("refuses a route that %s", (_, change) => {
    const routes = [{ ...(WORKER_ROUTES[0] as WorkerRoute), ...change }];
    expect(() => render(composeWorkersTopology(1), routes)).toThrow(RenderError);
  });

  it('refuses balance "single" over more than one process', () => {
    const topology = composeWorkersTopology(1);
    const media = topology.processes.find((p) => p.role === "media");
    const twoMedia = { ...topology, processes: [...topology.processes, { ...media!, name: "m2" }] };
    expect(() => render(twoMedia)).toThrow(/balance "single" but role media has 2 processes/);
  });
});
