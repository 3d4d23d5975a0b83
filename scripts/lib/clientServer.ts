/**
 * Builds the web client when its sources changed and serves the static build on one origin that
 * also proxies `/_matrix` (and `/_synapse/client`) to Synapse and `/api` and `/livekit/jwt` to
 * the appservice.
 * Used by `npm start` and by the end-to-end tests.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build, preview, type PreviewServer } from "vite";
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
export type ServeClientOptions = { host: string; port: number; synapseUrl: string; apiUrl: string };

/** Serves client/dist with the same-origin proxies. Close it with `server.close()`. */
export async function serveClient(opts: ServeClientOptions): Promise<PreviewServer> {
  const proxy = {
    "/_matrix": { target: opts.synapseUrl, changeOrigin: false },
    "/_synapse/client": { target: opts.synapseUrl, changeOrigin: false },
    // So a Matrix client pointed at the web client's URL discovers the homeserver.
    "/.well-known/matrix": { target: opts.synapseUrl, changeOrigin: false },
    "/api": { target: opts.apiUrl, changeOrigin: false },
    // The LiveKit token service (group meetings), inside the appservice.
    "/livekit/jwt": { target: opts.apiUrl, changeOrigin: false },
  };
  return preview({
    configFile: join(paths.clientDir, "vite.config.ts"),
    root: paths.clientDir,
    logLevel: "warn",
    preview: { host: opts.host, port: opts.port, strictPort: true, proxy, open: false },
  });
}
