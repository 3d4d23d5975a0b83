/**
 * The embedded profile's appservice config (appservice/config.yaml), written by `npm start` when
 * the file is missing. After that it is the admin's file: start never overwrites it.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";

/** Contents of a fresh appservice/config.yaml for one machine (paths relative to appservice/). */
export function embeddedAppserviceConfig(): string {
  return `# Staffroom appservice configuration for this machine, written by \`npm start\`.
# Edit freely; start never overwrites it. Every key is explained in config.sample.yaml.
# Relative paths are relative to this file's folder.
homeserver:
  url: "http://127.0.0.1:8008"
  # The Matrix server name (user IDs end in :staffroom.local). Set it before the first start:
  # it can't be changed once Synapse has created its database (delete .data/ to start over).
  domain: "staffroom.local"
appservice:
  registration_file: "../.data/synapse/appservice-registration.yaml"
  bind_address: "127.0.0.1"
  port: 9000
database:
  client: sqlite3
  filename: "../.data/appservice/staffroom.db"
directory:
  file: "../.data/directory.yaml"
logging:
  level: info
meetings:
  # Group meetings on the LiveKit server npm start builds and runs (needs Go 1.26+; without it
  # meetings stay unavailable and chat works as usual).
  enabled: true
  livekit:
    url: "ws://127.0.0.1:7880"
    api_url: "http://127.0.0.1:7880"
    # Written by npm start from .data/secrets.json; livekit-server reads the same file.
    key_file: "../.data/livekit/keys.yaml"
synapse:
  # 0: one Synapse process on SQLite. 1-32: Synapse's workers with that many sync workers, on
  # a PostgreSQL cluster in .data/postgres and redis-server that npm start runs (needs
  # \`apt-get install -y postgresql redis-server\`). An install that already ran on SQLite is
  # moved over once with \`npx staffroom migrate-synapse-db\` (npm start stopped) first.
  workers: 0
`;
}

/** Writes appservice/config.yaml if it does not exist yet. Returns whether it wrote it. */
export async function ensureEmbeddedConfig(path: string): Promise<boolean> {
  if (existsSync(path)) return false;
  await writeFile(path, embeddedAppserviceConfig());
  return true;
}
