import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import {
  LivekitConfigError,
  loadOrCreateSecrets,
  renderLivekitConfig,
  renderLivekitKeyFile,
  RenderError,
  turnFromEnv,
  writeSynapseConfig,
  type SynapseProfile,
  type SynapseRenderInput,
} from "../../setup/index.ts";
import {
  COMPOSE_WORKER_PORTS,
  composeServiceOf,
  composeWorkersTopology,
} from "../../setup/composeWorkers.ts";

import { stringOption, type CliCommand, type CliIo } from "../command.ts";

// synapse-config/ sits beside appservice/ in the repository and in the production image.
const DEFAULT_TEMPLATES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../synapse-config",
);
const PROFILES: readonly SynapseProfile[] = ["embedded", "test", "production"];
const BOT_LOCALPART = "staffbot";
/** The compose `livekit` service as the appservice reaches it, and its key file (in --out). */
const LIVEKIT_API_URL = "http://livekit:7880";
const LIVEKIT_KEY_FILE = "livekit-keys.yaml";
/** UDP media ports the compose file publishes (docker-compose.yml `livekit.ports`). */
const LIVEKIT_UDP_RANGE: [number, number] = [50100, 50200];

/** Settings read from the environment, each with what it means when it is missing. */
type Settings = {
  serverName: string;
  publicUrl: string;
  synapseUrl: string;
  appserviceUrl: string;
  dbUrl: string | undefined;
  /** The address browsers reach LiveKit's media ports on (production; unset = not advertised). */
  livekitNodeIp: string | undefined;
  postgres: { host: string; user: string; password: string; db: string } | undefined;
  /** Sync workers of docker-compose's workers profile (STAFFROOM_SYNAPSE_WORKERS); unset: one process. */
  syncWorkers: number | undefined;
};

function readSettings(profile: SynapseProfile, env: NodeJS.ProcessEnv): Settings | string[] {
  const problems: string[] = [];
  const need = (name: string, what: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set (${what})`);
    return value ?? "";
  };
  const production = profile === "production";
  const serverName = need("STAFFROOM_SERVER_NAME", "the Matrix server name, e.g. chat.example.org");
  const synapseUrl =
    env.STAFFROOM_SYNAPSE_URL ?? (production ? "http://synapse:8008" : "http://127.0.0.1:8008");
  const publicUrl = production
    ? need("STAFFROOM_PUBLIC_URL", "the URL staff open, e.g. https://chat.example.org")
    : (env.STAFFROOM_PUBLIC_URL ?? synapseUrl);
  const postgres = production
    ? {
        host: env.POSTGRES_HOST ?? "postgres",
        user: need("POSTGRES_USER", "Synapse's PostgreSQL user"),
        password: need("POSTGRES_PASSWORD", "Synapse's PostgreSQL password"),
        db: need("POSTGRES_DB", "Synapse's PostgreSQL database"),
      }
    : undefined;
  const workers = env.STAFFROOM_SYNAPSE_WORKERS?.trim() || undefined;
  const syncWorkers = workers === undefined ? undefined : Number(workers);
  if (syncWorkers !== undefined && !production) {
    problems.push(
      "STAFFROOM_SYNAPSE_WORKERS is set, but workers are rendered for docker-compose only (--profile production)",
    );
  } else if (
    syncWorkers !== undefined &&
    (!Number.isInteger(syncWorkers) || syncWorkers < 1 || syncWorkers > 32)
  ) {
    problems.push(`STAFFROOM_SYNAPSE_WORKERS: "${workers}" is not a whole number from 1 to 32`);
  }
  if (problems.length > 0) return problems;
  return {
    serverName,
    publicUrl: publicUrl.endsWith("/") ? publicUrl : `${publicUrl}/`,
    synapseUrl,
    appserviceUrl:
      env.STAFFROOM_APPSERVICE_URL ??
      (production ? "http://appservice:9000" : "http://127.0.0.1:9000"),
    dbUrl: env.STAFFROOM_DB_URL,
    livekitNodeIp: env.STAFFROOM_LIVEKIT_NODE_IP?.trim() || undefined,
    postgres,
    syncWorkers,
  };
}

/** Scrub purge step size where Synapse runs on PostgreSQL (the default, 500, suits SQLite). */
const PRODUCTION_PURGE_STEP_EVENTS = 2500;

/** The appservice config written beside the Synapse files when none exists yet. */
function appserviceConfig(settings: Settings, profile: SynapseProfile): string {
  const production = profile === "production";
  const config = {
    homeserver: {
      url: settings.synapseUrl,
      domain: settings.serverName,
      // The media Admin API (scrub's file deletions) is on the media worker's service.
      ...(settings.syncWorkers === undefined
        ? {}
        : {
            media_admin_url: `http://${composeServiceOf("media")}:${COMPOSE_WORKER_PORTS.client}`,
          }),
    },
    appservice: {
      registration_file: "appservice-registration.yaml",
      bind_address: production ? "0.0.0.0" : "127.0.0.1",
      port: 9000,
    },
    database: settings.dbUrl
      ? { client: "pg", connection: settings.dbUrl }
      : { client: "sqlite3", filename: "staffroom.db" },
    directory: { file: "directory.yaml" },
    logging: { level: "info", json: production },
    // Production: the compose `livekit` service, its signalling behind the proxy at /livekit/sfu.
    ...(production
      ? {
          meetings: {
            enabled: true,
            livekit: {
              url: `${settings.publicUrl.replace(/^http/, "ws")}livekit/sfu`,
              api_url: LIVEKIT_API_URL,
              key_file: LIVEKIT_KEY_FILE,
            },
            // Guest invitation links point here; mail needs `smtp` added by the admin.
            public_url: settings.publicUrl.replace(/\/+$/, ""),
          },
          // Synapse on PostgreSQL: a purge holds one connection, not the whole database, so
          // larger scrub steps cost live messages nothing more and save per-purge overhead
          // (docs/benchmarks.md, "Scrub retention: notes").
          retention: { purge_step_events: PRODUCTION_PURGE_STEP_EVENTS },
        }
      : {}),
  };
  return (
    "# Staffroom appservice configuration, written once by `staffroom render-config`.\n" +
    "# Edit freely; it is never overwritten. Every key is explained in config.sample.yaml.\n" +
    stringify(config)
  );
}

const EMPTY_DIRECTORY =
  "# The staff directory: operators, departments and admins (format: appservice/README.md).\n" +
  "# Written empty by `staffroom render-config`; replace it with your organisation.\n" +
  stringify({ operators: [], departments: [], admins: [] });

/**
 * `staffroom render-config --profile P --out DIR`: renders Synapse's config from synapse-config/
 * with the same function `npm start` and the tests use (docker-compose's init step), creates
 * secrets once, and writes a starting appservice config and directory when they are missing.
 * STAFFROOM_SYNAPSE_WORKERS=N (production): also the files of docker-compose's workers profile,
 * N sync workers plus the streams, media and background workers (workers/<name>.yaml).
 */
export const renderConfigCommand: CliCommand = {
  usage:
    "render-config --profile <embedded|test|production> --out DIR [--data-dir DIR] [--templates DIR]",
  options: {
    profile: { type: "string" },
    out: { type: "string" },
    "data-dir": { type: "string" },
    templates: { type: "string" },
  },
  async run(args, io) {
    const profile = stringOption(args, "profile") as SynapseProfile | undefined;
    const outOption = stringOption(args, "out");
    if (!profile || !PROFILES.includes(profile) || !outOption) {
      io.err(`--profile (${PROFILES.join(", ")}) and --out are required`);
      return 2;
    }
    const settings = readSettings(profile, io.env);
    if (Array.isArray(settings)) return fail(io, settings);
    const out = resolve(outOption);
    const production = profile === "production";
    const dataDir = resolve(stringOption(args, "data-dir") ?? (production ? "/data" : out));
    const secrets = await loadOrCreateSecrets(join(out, "secrets.json"));
    const synapse = new URL(settings.synapseUrl);
    const input: SynapseRenderInput = {
      profile,
      serverName: settings.serverName,
      publicBaseUrl: settings.publicUrl,
      bindAddress: production ? "0.0.0.0" : synapse.hostname,
      port: Number(synapse.port || 8008),
      configDir: out,
      dataDir,
      appserviceUrl: settings.appserviceUrl,
      botLocalpart: BOT_LOCALPART,
      secrets,
      log: production ? "console" : { file: join(dataDir, "homeserver.log") },
      behindProxy: production,
      livekitServiceUrl: production ? `${settings.publicUrl}livekit/jwt` : undefined,
      postgres: settings.postgres,
      // docker-compose's workers profile: one service per process (docker-compose.yml).
      workers:
        settings.syncWorkers === undefined
          ? undefined
          : composeWorkersTopology(settings.syncWorkers),
      turn: turnFromEnv(io.env),
    };
    try {
      const written = await writeSynapseConfig(
        input,
        stringOption(args, "templates") ?? DEFAULT_TEMPLATES,
        out,
      );
      const { workers, ...files } = written;
      for (const path of [...Object.values(files), ...Object.values(workers ?? {})]) {
        io.out(`wrote ${path}`);
      }
      if (production) await writeLivekitFiles(out, settings, secrets, io);
    } catch (error) {
      if (error instanceof RenderError || error instanceof LivekitConfigError) {
        return fail(io, error.message.split("\n"));
      }
      throw error;
    }
    for (const [name, text] of [
      ["appservice.yaml", appserviceConfig(settings, profile)],
      ["directory.yaml", EMPTY_DIRECTORY],
    ] as const) {
      const path = join(out, name);
      if (existsSync(path)) {
        io.out(`kept ${path}`);
      } else {
        await writeFile(path, text, { mode: 0o640 });
        io.out(`wrote ${path}`);
      }
    }
    return 0;
  },
};

/** livekit.yaml and its key file for the compose `livekit` service (rewritten on every run). */
async function writeLivekitFiles(
  out: string,
  settings: Settings,
  secrets: { livekit_api_key: string; livekit_api_secret: string },
  io: CliIo,
): Promise<void> {
  const keyFile = join(out, LIVEKIT_KEY_FILE);
  const configFile = join(out, "livekit.yaml");
  await writeFile(
    keyFile,
    renderLivekitKeyFile(secrets.livekit_api_key, secrets.livekit_api_secret),
    {
      mode: 0o600,
    },
  );
  await writeFile(
    configFile,
    renderLivekitConfig({
      port: 7880,
      bindAddresses: ["0.0.0.0"],
      rtcTcpPort: 7881,
      udpPortRange: LIVEKIT_UDP_RANGE,
      loopbackOnly: false,
      nodeIp: settings.livekitNodeIp,
      keyFile,
    }),
    { mode: 0o600 },
  );
  io.out(`wrote ${keyFile}`);
  io.out(`wrote ${configFile}`);
  if (!settings.livekitNodeIp) {
    io.err(
      "render-config: STAFFROOM_LIVEKIT_NODE_IP is not set: LiveKit will advertise the container's own address, which browsers can't reach; set it to this host's address for meetings to connect (docs/deployment.md).",
    );
  }
}

function fail(io: CliIo, problems: string[]): number {
  io.err("render-config: nothing was written:");
  for (const problem of problems) io.err(`  ${problem}`);
  return 1;
}
