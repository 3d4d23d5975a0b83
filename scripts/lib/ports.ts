/** Port checks: a busy port is reported before anything starts. */
import { createServer } from "node:net";

/** Resolves true when `host:port` can be bound right now. */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A port the OS says is free now (bind to 0, read it back, release it). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A free port whose next one up is free too (LiveKit's HTTP port and its ICE/TCP port). */
export async function freePortPair(host = "127.0.0.1"): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort(host);
    if (port < 65535 && (await isPortFree(port + 1, host))) return port;
  }
  throw new Error(`no two adjacent free ports found on ${host}`);
}
