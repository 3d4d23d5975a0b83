/**
 * The one render function for Synapse's configuration. `npm start` (embedded profile), the test
 * harness (test profile) and docker-compose (`staffroom render-config --profile production`)
 * all fill the same templates in synapse-config/ through here, so the three can't drift.
 *
 * Rendering is pure: templates in, file contents out. {@link writeSynapseConfig} writes them.
 */
import { parse, stringify } from "yaml";
import {
  deepMerge,
  escapeRegex,
  fillTemplate,
  quoted,
  RenderError,
  REPLACED_WHOLE,
} from "./synapseTemplates.ts";
import { sharedWorkerConfig, type WorkersTopology } from "./synapseWorkers.ts";
import { turnHomeserverKeys, turnProblems, type TurnSettings } from "./turnConfig.ts";

/** embedded = `npm start` on one machine; test = throwaway servers; production = docker-compose. */
export type SynapseProfile = "embedded" | "test" | "production";

/** Secrets generated once per install and reused on every render. */
export type SynapseSecrets = {
  registration_shared_secret: string;
  macaroon_secret_key: string;
  form_secret: string;
  as_token: string;
  hs_token: string;
  /** livekit-server's API key and secret (group meetings), shared with the appservice. */
  livekit_api_key: string;
  livekit_api_secret: string;
  /** Authenticates HTTP replication between Synapse's processes (workers topology). */
  worker_replication_secret: string;
};

/** Everything the templates need. Paths are as Synapse will see them (inside a container for production). */
export type SynapseRenderInput = {
  profile: SynapseProfile;
  serverName: string;
  publicBaseUrl: string;
  bindAddress: string;
  port: number;
  /** Directory holding the rendered files (homeserver.yaml, log.config, registration, signing key). */
  configDir: string;
  /** Directory for Synapse's database (SQLite), media store and pid file. */
  dataDir: string;
  /** URL at which Synapse reaches the appservice (transactions). */
  appserviceUrl: string;
  botLocalpart: string;
  secrets: SynapseSecrets;
  /** Log destination: a file path, or "console" for stderr (containers). */
  log: { file: string } | "console";
  /** Whether a reverse proxy in front sets X-Forwarded-For (production). */
  behindProxy?: boolean;
  /**
   * A second listener, on this Unix socket (absolute path, owner-only), for npm start's web
   * client proxy alone: it trusts X-Forwarded-For, which the proxy sets to the browser's address,
   * so per-address limits apply per browser. The TCP listener keeps ignoring the header.
   */
  proxySocket?: string;
  /**
   * The LiveKit token service as browsers reach it (`<public URL>/livekit/jwt`), advertised by
   * Synapse's MatrixRTC transports endpoint. Left out: no transport is advertised.
   */
  livekitServiceUrl?: string;
  /**
   * Synapse on PostgreSQL: required for the production profile and for workers; the host may be
   * a Unix socket directory (npm start's local cluster).
   */
  postgres?: { host: string; user: string; password: string; db: string; port?: number };
  /** Synapse's workers (synapseWorkers.ts); absent: one process, as before. Needs `postgres`. */
  workers?: WorkersTopology;
  /** TURN for 1:1 calls across networks (turnConfig.ts); absent = no TURN keys rendered. */
  turn?: TurnSettings;
};

/** Rendered file contents, keyed by file name inside `configDir`. */
export type RenderedSynapseConfig = {
  "homeserver.yaml": string;
  "log.config": string;
  "appservice-registration.yaml": string;
};

/** Checks the input before anything is rendered, listing every problem at once. */
function validateInput(input: SynapseRenderInput): void {
  const problems: string[] = [];
  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(input.serverName)) {
    problems.push(`serverName: "${input.serverName}" is not a valid Matrix server name`);
  }
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) {
    problems.push(`port: ${input.port} is not a TCP port`);
  }
  if (!/^[a-z0-9._=-]+$/.test(input.botLocalpart)) {
    problems.push(`botLocalpart: "${input.botLocalpart}" is not a valid localpart`);
  }
  for (const [key, value] of Object.entries(input.secrets)) {
    if (typeof value !== "string" || value.length < 16) {
      problems.push(`secrets.${key}: missing or shorter than 16 characters`);
    }
  }
  if (
    input.livekitServiceUrl !== undefined &&
    !/^https?:\/\/[^/\s]+/.test(input.livekitServiceUrl)
  ) {
    problems.push(`livekitServiceUrl: "${input.livekitServiceUrl}" is not an http(s) URL`);
  }
  if (input.proxySocket !== undefined && !input.proxySocket.startsWith("/")) {
    problems.push(`proxySocket: "${input.proxySocket}" is not an absolute path`);
  }
  if (input.profile === "production" && !input.postgres) {
    problems.push("postgres: required for the production profile");
  }
  if (input.workers && !input.postgres) {
    problems.push("postgres: Synapse's workers share one PostgreSQL database (SQLite can't)");
  }
  if (input.turn) problems.push(...turnProblems(input.turn));
  if (problems.length > 0) throw new RenderError(problems.join("\n"));
}

/** The templates' placeholder values for an input. */
export function templateVars(input: SynapseRenderInput): Record<string, string> {
  const pg = input.postgres;
  return {
    SERVER_NAME: quoted(input.serverName),
    SERVER_NAME_REGEX: quoted(escapeRegex(input.serverName)),
    PUBLIC_BASEURL: quoted(input.publicBaseUrl),
    BIND_ADDRESS: quoted(input.bindAddress),
    PORT: String(input.port),
    X_FORWARDED: input.behindProxy ? "true" : "false",
    CONFIG_DIR: quoted(input.configDir),
    DATA_DIR: quoted(input.dataDir),
    REGISTRATION_SHARED_SECRET: quoted(input.secrets.registration_shared_secret),
    MACAROON_SECRET_KEY: quoted(input.secrets.macaroon_secret_key),
    FORM_SECRET: quoted(input.secrets.form_secret),
    AS_TOKEN: quoted(input.secrets.as_token),
    HS_TOKEN: quoted(input.secrets.hs_token),
    APPSERVICE_URL: quoted(input.appserviceUrl),
    BOT_LOCALPART: quoted(input.botLocalpart),
    LOG_FILE: quoted(input.log === "console" ? "/dev/null" : input.log.file),
    LOG_HANDLER: input.log === "console" ? "console" : "file",
    POSTGRES_HOST: quoted(pg?.host ?? ""),
    POSTGRES_USER: quoted(pg?.user ?? ""),
    POSTGRES_PASSWORD: quoted(pg?.password ?? ""),
    POSTGRES_DB: quoted(pg?.db ?? ""),
  };
}

function parseYaml(text: string, file: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    throw new RenderError(`${file}: not valid YAML after rendering: ${(error as Error).message}`);
  }
}

const PRODUCTION = "profiles/production.yaml";

/** The comment heading every rendered file. */
export const HEADER = (template: string, profile: SynapseProfile) =>
  `# Rendered by Staffroom from synapse-config/${template} (profile: ${profile}).\n` +
  "# Do not edit: it is rewritten on every start. Edit the template or profile instead.\n";

/**
 * Renders the three Synapse files from the template texts. Pure.
 * @param templates file name → text, as read by {@link readTemplates}
 */
export function renderSynapseConfig(
  input: SynapseRenderInput,
  templates: Record<string, string>,
): RenderedSynapseConfig {
  validateInput(input);
  const vars = templateVars(input);
  const fill = (name: string): string => {
    const text = templates[name];
    if (text === undefined) throw new RenderError(`synapse-config/${name}: template not found`);
    return fillTemplate(text, vars, `synapse-config/${name}`);
  };
  let homeserver = parseYaml(fill("homeserver.yaml.tmpl"), "homeserver.yaml.tmpl");
  const profileFile = `profiles/${input.profile}.yaml`;
  if (templates[profileFile] !== undefined) {
    homeserver = deepMerge(homeserver, parseYaml(fill(profileFile), profileFile), REPLACED_WHOLE);
  }
  if (input.livekitServiceUrl !== undefined) {
    // MatrixRTC (MSC4143): clients ask /_matrix/client/unstable/org.matrix.msc4143/rtc/transports
    // where to get LiveKit tokens.
    homeserver = deepMerge(homeserver, {
      matrix_rtc: {
        transports: [{ type: "livekit", livekit_service_url: input.livekitServiceUrl }],
      },
    });
  }
  if (input.turn) homeserver = deepMerge(homeserver, turnHomeserverKeys(input.turn));
  if (input.postgres && input.profile !== "production") {
    // The production profile's database section, for npm start's local cluster (workers).
    const production = parseYaml(fill(PRODUCTION), PRODUCTION) as { database: unknown };
    homeserver = deepMerge(homeserver, { database: production.database }, REPLACED_WHOLE);
  }
  if (input.postgres?.port !== undefined) {
    homeserver = deepMerge(homeserver, { database: { args: { port: input.postgres.port } } });
  }
  if (input.proxySocket !== undefined) {
    const hs = homeserver as { listeners: unknown[] };
    hs.listeners = [
      ...hs.listeners,
      {
        path: input.proxySocket,
        mode: 0o600,
        type: "http",
        x_forwarded: true,
        resources: [{ names: ["client"], compress: false }],
      },
    ];
  }
  if (input.workers) {
    const shared = sharedWorkerConfig(
      input.workers,
      input.secrets.worker_replication_secret,
      input.bindAddress,
    );
    homeserver = deepMerge(homeserver, shared.keys);
    const hs = homeserver as { listeners: unknown[] };
    hs.listeners = [...hs.listeners, ...shared.mainListeners];
  }
  const logConfig = fill("log.config.tmpl");
  const registration = fill("appservice-registration.yaml.tmpl");
  parseYaml(logConfig, "log.config.tmpl");
  parseYaml(registration, "appservice-registration.yaml.tmpl");
  return {
    "homeserver.yaml": HEADER("homeserver.yaml.tmpl", input.profile) + stringify(homeserver),
    "log.config": HEADER("log.config.tmpl", input.profile) + logConfig,
    "appservice-registration.yaml":
      HEADER("appservice-registration.yaml.tmpl", input.profile) + registration,
  };
}
