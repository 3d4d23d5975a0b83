/**
 * Synapse as npm start runs it: one supervised process on SQLite (`synapse.workers: 0`, here),
 * or the workers topology on PostgreSQL and Redis (synapseWorkersStack.ts). start.ts sees only
 * {@link SynapseStack}: start it, count its restarts, stop it.
 */
import { join } from "node:path";
import type { AppConfig } from "@staffroom/appservice";
import {
  turnFromEnv,
  writeSynapseConfig,
  type SynapseRenderInput,
  type SynapseSecrets,
} from "@staffroom/appservice/setup";
import { paths } from "./paths.ts";
import { supervise, type Supervised, type SupervisorHooks } from "./supervisor.ts";
import { startSynapse, type SynapseProcess } from "./synapseProcess.ts";

/** The appservice bot's localpart. */
export const BOT_LOCALPART = "staffbot";

/** Synapse under npm start. */
export type SynapseStack = {
  /** The Unix socket the web client's proxy sends `/_matrix` to (it trusts X-Forwarded-For). */
  proxySocket: string;
  /** Renders the config and starts every process; they are supervised from then on. */
  start(): Promise<void>;
  /** No more restarts (Ctrl-C reaches every child at once). */
  halt(): void;
  /** Stops every process (after a start in progress has finished). Idempotent. */
  stop(): Promise<void>;
  /** Restarts of all its processes together (the `synapse` count of .data/restarts.json). */
  restarts(): number;
  /** Restarts by process, when there is more than one. */
  processRestarts(): Record<string, number> | undefined;
  /** The summary's note after Synapse's URL. */
  note(): string;
};

/** What both kinds need. */
export type SynapseStackInput = {
  /** The single-process render input; the workers stack adds PostgreSQL and the topology. */
  render: SynapseRenderInput;
  /** Where everyone reaches Synapse: `homeserver.url` of the appservice config. */
  url: URL;
  hooks: SupervisorHooks;
  say: (line: string) => void;
};

/**
 * The embedded profile's render input for this install.
 * @param livekitServiceUrl - the token service as browsers reach it, when meetings are on
 */
export function embeddedRenderInput(
  config: AppConfig,
  secrets: SynapseSecrets,
  livekitServiceUrl: string | undefined,
): SynapseRenderInput {
  const url = new URL(config.homeserver.url);
  return {
    profile: "embedded",
    serverName: config.homeserver.domain,
    publicBaseUrl: `${url.origin}/`,
    bindAddress: url.hostname,
    port: Number(url.port || 80),
    configDir: paths.synapseConfigDir,
    dataDir: paths.synapseConfigDir,
    appserviceUrl: `http://${config.appservice.bind_address}:${config.appservice.port}`,
    botLocalpart: BOT_LOCALPART,
    secrets,
    log: { file: paths.synapseLog },
    livekitServiceUrl,
    // Off unless STAFFROOM_TURN_* are set (docs/deployment.md, "Calls and TURN").
    turn: turnFromEnv(process.env),
    proxySocket: paths.synapseProxySocket,
  };
}

/** One Synapse process on SQLite, listening on `homeserver.url` and the proxy socket. */
export function singleSynapse(input: SynapseStackInput): SynapseStack {
  let supervised: Supervised<SynapseProcess> | undefined;
  let stopped = false;
  let starting: Promise<unknown> | undefined;
  const run = () =>
    startSynapse({
      configPath: join(paths.synapseConfigDir, "homeserver.yaml"),
      url: input.url.origin,
      logFile: paths.synapseLog,
      consoleLog: join(paths.synapseConfigDir, "synapse.console.log"),
    });
  return {
    proxySocket: paths.synapseProxySocket,
    async start() {
      await writeSynapseConfig(input.render, paths.synapseTemplates);
      input.say(`starting Synapse on ${input.url.origin} (log: ${paths.synapseLog})…`);
      const first = run();
      starting = first.catch(() => undefined);
      supervised = supervise("Synapse", paths.synapseLog, await first, run, input.hooks);
      if (stopped) supervised.halt();
    },
    halt() {
      stopped = true;
      supervised?.halt();
    },
    async stop() {
      stopped = true;
      await starting;
      await supervised?.stop();
    },
    restarts: () => supervised?.restarts() ?? 0,
    processRestarts: () => undefined,
    note: () => "log .data/synapse/homeserver.log",
  };
}
