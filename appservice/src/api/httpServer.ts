import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A request listener that serves every path starting with `prefix`. */
export type Mount = { prefix: string; listener: RequestListener };

/**
 * One HTTP server for the whole appservice: requests under a mount's prefix go to that
 * listener (Matrix transactions → the bridge's app), everything else to `fallback` (our
 * express app). Dispatching on the raw request keeps two express versions apart.
 */
export function createHttpServer(fallback: RequestListener, mounts: readonly Mount[]): Server {
  return createServer((req, res) => {
    const url = req.url ?? "/";
    const mount = mounts.find((m) => url.startsWith(m.prefix));
    (mount?.listener ?? fallback)(req, res);
  });
}

/**
 * Starts listening and resolves with the bound address (the real port when `port` is 0).
 * Rejects on EADDRINUSE and friends instead of crashing the process.
 */
export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Stops accepting connections and waits for open requests; after `graceMs` the remaining
 * connections are cut so stop() cannot hang on a client that never finishes.
 */
export async function closeServer(server: Server, graceMs = 5000): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  timer.unref();
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}

/** `http://host:port/` for logs and callers; IPv6 literals get their brackets. */
export function formatUrl(address: AddressInfo): string {
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
