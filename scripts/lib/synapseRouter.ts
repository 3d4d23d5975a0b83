/**
 * The front door of Synapse's workers topology on one machine (npm start, the tests): an HTTP
 * server that sends every request to the process the routing table names
 * (appservice/src/setup/workerRoutes.ts, the table docker/nginx's workers config is generated
 * from), sync sticky per user. A worker that refuses connections is skipped for a few seconds,
 * so its users sync through another one until it is back; a GET it refused is retried there at
 * once.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import { rm } from "node:fs/promises";
import type { Endpoint, SynapseProcessSpec, WorkersTopology } from "@staffroom/appservice/setup";
import { processFor } from "@staffroom/appservice/setup";
import { peerAddress } from "./clientServer.ts";

/** How long a process that refused a connection is left out. */
const DOWN_MS = 3000;

/** A running router. */
export type SynapseRouter = {
  /** Where it listens: `http://127.0.0.1:<port>` or the socket path. */
  address: string;
  /** Requests forwarded so far, by process name. */
  served(): Readonly<Record<string, number>>;
  close(): Promise<void>;
};

/** Options for {@link startSynapseRouter}. */
export type SynapseRouterOptions = {
  topology: WorkersTopology;
  /** The main process's client listener (npm start: its proxy socket, which trusts XFF). */
  main: Endpoint;
  /** A Unix socket (behind npm start's web proxy, which sets X-Forwarded-For) or a TCP port. */
  listen: { path: string } | { host: string; port: number };
};

function target(endpoint: Endpoint) {
  return "path" in endpoint
    ? { socketPath: endpoint.path }
    : { host: endpoint.host, port: endpoint.port };
}

const refused = (error: NodeJS.ErrnoException) =>
  error.code === "ECONNREFUSED" || error.code === "ENOENT" || error.code === "ECONNRESET";

/** Starts the router; resolves once it listens. */
export async function startSynapseRouter(opts: SynapseRouterOptions): Promise<SynapseRouter> {
  const downUntil = new Map<string, number>();
  const counts: Record<string, number> = {};
  const alive = (process: SynapseProcessSpec) => (downUntil.get(process.name) ?? 0) < Date.now();
  // Behind a socket only npm start's proxy reaches, its X-Forwarded-For is the browser's; on a
  // TCP port anyone local could claim any address, so the peer's own address is sent instead.
  const trustForwarded = "path" in opts.listen;

  const forward = (req: IncomingMessage, res: ServerResponse, attempt: number): void => {
    const url = new URL(req.url ?? "/", "http://router");
    const chosen = processFor(
      opts.topology,
      {
        path: url.pathname,
        method: req.method ?? "GET",
        authorization: req.headers.authorization,
        accessToken: url.searchParams.get("access_token"),
      },
      alive,
    );
    const endpoint = chosen.role === "main" ? opts.main : (chosen.client ?? opts.main);
    const headers = { ...req.headers };
    if (!trustForwarded || headers["x-forwarded-for"] === undefined) {
      headers["x-forwarded-for"] = peerAddress(req.socket.remoteAddress);
      headers["x-forwarded-proto"] = "http";
    }
    const upstream = request(
      { ...target(endpoint), method: req.method, path: req.url, headers },
      (answer) => {
        counts[chosen.name] = (counts[chosen.name] ?? 0) + 1;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      if (res.headersSent) return res.destroy();
      if (refused(error) && chosen.role !== "main") {
        downUntil.set(chosen.name, Date.now() + DOWN_MS);
        // Nothing was read from a GET's body: ask another process of the same kind.
        if ((req.method === "GET" || req.method === "HEAD") && attempt === 0) {
          return forward(req, res, 1);
        }
      }
      res.writeHead(502, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          errcode: "M_UNKNOWN",
          error: `Synapse's ${chosen.name} process is not answering (${error.code ?? error.message}); try again.`,
        }),
      );
    });
    req.pipe(upstream);
  };

  const server = createServer((req, res) => forward(req, res, 0));
  if ("path" in opts.listen) await rm(opts.listen.path, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if ("path" in opts.listen) server.listen(opts.listen.path, resolve);
    else server.listen(opts.listen.port, opts.listen.host, resolve);
  });
  const bound = server.address();
  const address = typeof bound === "string" ? bound : `http://127.0.0.1:${bound?.port ?? 0}`;
  return {
    address,
    served: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
