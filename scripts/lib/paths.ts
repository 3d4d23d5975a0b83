/** Where things live in a checkout. Everything generated goes under .data/ (delete it to reset). */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const dataDir = join(repoRoot, ".data");

export const paths = {
  repoRoot,
  dataDir,
  venv: join(dataDir, "venv"),
  synapseTemplates: join(repoRoot, "synapse-config"),
  synapseRequirements: join(repoRoot, "synapse-config", "requirements.txt"),
  synapseConfigDir: join(dataDir, "synapse"),
  synapseLog: join(dataDir, "synapse", "homeserver.log"),
  secrets: join(dataDir, "secrets.json"),
  appserviceConfig: join(repoRoot, "appservice", "config.yaml"),
  appserviceDataDir: join(dataDir, "appservice"),
  appserviceLog: join(dataDir, "appservice", "appservice.log"),
  directory: join(dataDir, "directory.yaml"),
  demoLogins: join(dataDir, "demo-logins.json"),
  lockFile: join(dataDir, "staffroom.pid"),
  clientDir: join(repoRoot, "client"),
  clientDist: join(repoRoot, "client", "dist"),
} as const;
