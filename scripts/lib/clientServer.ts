/**
 * Builds the web client when its sources changed and serves the static build on one origin that
 * also proxies `/_matrix` (and `/_synapse/client`) to Synapse and `/api` and `/livekit/jwt` to
 * the appservice.
 * Used by `npm start` and by the end-to-end tests.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build, preview, type PreviewServer, type ProxyOptions } from "vite";
import { paths } from "./paths.ts";

const BUILD_MARKER = ".staffroom-build";

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else out.push(full);
  }
  return out;
}

/** A hash of everything that goes into the client build (sources, config, appservice contract). */
export function clientSourceHash(): string {
  const hash = createHash("sha256");
  const files = [
    ...sourceFiles(paths.clientDir),
    join(paths.repoRoot, "appservice", "src", "api", "contract.ts"),
    join(paths.repoRoot, "package-lock.json"),
  ].filter((file) => existsSync(file) && statSync(file).isFile());
  for (const file of files.sort()) {
    hash.update(relative(paths.repoRoot, file)).update("\0").update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** Builds client/dist unless it is already built from the current sources. Returns whether it built. */
export async function ensureClientBuilt(log: (line: string) => void): Promise<boolean> {
  const marker = join(paths.clientDist, BUILD_MARKER);
  const wanted = clientSourceHash();
  if (existsSync(marker) && readFileSync(marker, "utf8") === wanted) return false;
  log("building the web client…");
  // Always the production build, also inside the test runner (which sets NODE_ENV=test and
  // would otherwise get Solid's development runtime): the tests check what staff download.
  const nodeEnv = process.env["NODE_ENV"];
  process.env["NODE_ENV"] = "production";
  try {
    await build({
      configFile: join(paths.clientDir, "vite.config.ts"),
      root: paths.clientDir,
      mode: "production",
      logLevel: "warn",
    });
  } finally {
    if (nodeEnv === undefined) delete process.env["NODE_ENV"];
    else process.env["NODE_ENV"] = nodeEnv;
  }
  writeFileSync(marker, wanted);
  return true;
}

/** Options for {@link serveClient}. */
export type ServeClientOptions = {
  host: string;
  port: number;
  synapseUrl: string;
  apiUrl: string;
  /**
   * Synapse's listener for this proxy alone (a Unix socket that trusts X-Forwarded-For, see
   * `proxySocket` in renderSynapseConfig.ts). Without it `/_matrix` goes to `synapseUrl`, where
   * every browser counts as this machine for Synapse's per-address limits.
   */
  synapseSocket?: string;
};

/** The browser's address, without the IPv4-in-IPv6 prefix Node reports for IPv4 peers. */
export function peerAddress(remoteAddress: string | undefined): string {
  if (!remoteAddress) return "unknown";
  return remoteAddress.startsWith("::ffff:") ? remoteAddress.slice(7) : remoteAddress;
}

/**
 * Sets X-Forwarded-For to the address this connection came from, replacing whatever the browser
 * sent: Synapse and the appservice read the first entry, which a browser could otherwise forge.
 */
const forwardPeerAddress: NonNullable<ProxyOptions["configure"]> = (proxy) => {
  proxy.on("proxyReq", (proxyReq, req) => {
    proxyReq.setHeader("X-Forwarded-For", peerAddress(req.socket.remoteAddress));
    // And the scheme the browser used (Synapse assumes https for a forwarded request without it).
    proxyReq.setHeader("X-Forwarded-Proto", "encrypted" in req.socket ? "https" : "http");
  });
};

/** Serves client/dist with the same-origin proxies. Close it with `server.close()`. */
export async function serveClient(opts: ServeClientOptions): Promise<PreviewServer> {
  const synapse: ProxyOptions = {
    // host and port are only for the types: a socketPath request goes to the socket.
    target:
      opts.synapseSocket !== undefined
        ? { socketPath: opts.synapseSocket, host: "localhost", port: 0 }
        : opts.synapseUrl,
    changeOrigin: false,
    configure: forwardPeerAddress,
  };
  const api: ProxyOptions = {
    target: opts.apiUrl,
    changeOrigin: false,
    configure: forwardPeerAddress,
  };
  const proxy = {
    "/_matrix": synapse,
    "/_synapse/client": synapse,
    // So a Matrix client pointed at the web client's URL discovers the homeserver.
    "/.well-known/matrix": synapse,
    "/api": api,
    // The LiveKit token service (group meetings), inside the appservice.
    "/livekit/jwt": api,
  };
  return preview({
    configFile: join(paths.clientDir, "vite.config.ts"),
    root: paths.clientDir,
    logLevel: "warn",
    preview: { host: opts.host, port: opts.port, strictPort: true, proxy, open: false },
  });
}
