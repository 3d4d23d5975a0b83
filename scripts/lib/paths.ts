/**
 * Where things live in a checkout. Everything generated goes under .data/ (delete it to reset).
 *
 * Three environment variables move things, for running a second stack beside the first (the
 * end-to-end test of `npm start` does): STAFFROOM_DATA_DIR (instead of .data), STAFFROOM_CONFIG
 * (instead of appservice/config.yaml) and STAFFROOM_VENV (instead of .data/venv).
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const env = (name: string) => (process.env[name] ? resolve(process.env[name]) : undefined);
export const dataDir = env("STAFFROOM_DATA_DIR") ?? join(repoRoot, ".data");

export const paths = {
  repoRoot,
  dataDir,
  venv: env("STAFFROOM_VENV") ?? join(dataDir, "venv"),
  synapseTemplates: join(repoRoot, "synapse-config"),
  synapseRequirements: join(repoRoot, "synapse-config", "requirements.txt"),
  /** Staffroom's Synapse modules (guest guard, staff guard), put on Synapse's PYTHONPATH. */
  synapseModules: join(repoRoot, "synapse-config", "modules"),
  synapseConfigDir: join(dataDir, "synapse"),
  synapseLog: join(dataDir, "synapse", "homeserver.log"),
  /** Synapse's listener for the web client's proxy alone (trusts X-Forwarded-For). */
  synapseProxySocket: join(dataDir, "synapse", "client-proxy.sock"),
  secrets: join(dataDir, "secrets.json"),
  appserviceConfig: env("STAFFROOM_CONFIG") ?? join(repoRoot, "appservice", "config.yaml"),
  appserviceDataDir: join(dataDir, "appservice"),
  appserviceLog: join(dataDir, "appservice", "appservice.log"),
  directory: join(dataDir, "directory.yaml"),
  demoLogins: join(dataDir, "demo-logins.json"),
  lockFile: join(dataDir, "staffroom.pid"),
  /** Restart counts of npm start's children, for the appservice's /health (restartsFile.ts). */
  restartsFile: join(dataDir, "restarts.json"),
  livekitDir: join(dataDir, "livekit"),
  clientDir: join(repoRoot, "client"),
  clientDist: join(repoRoot, "client", "dist"),
} as const;
