/**
 * A throwaway Synapse for one test file: the same templates and render function as `npm start`
 * (test profile: bcrypt_rounds 4, no rate limits; or the embedded profile's real limits), in a
 * temp dir, on a free loopback port plus the web client proxy's Unix socket.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import {
  generateSecrets,
  registerWithSharedSecret,
  writeSynapseConfig,
  type SynapseSecrets,
  type TurnSettings,
  type WorkersTopology,
} from "@staffroom/appservice/setup";
import { paths } from "../../scripts/lib/paths.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { startSynapse, tail } from "../../scripts/lib/synapseProcess.ts";
import type { RunningSynapseWorkers } from "../../scripts/lib/synapseWorkersRun.ts";
import { MatrixTestClient } from "./matrixTestClient.ts";
import { startTestSynapseWorkers } from "./synapseWorkers.ts";

/** A running test Synapse. */
export type TestSynapse = {
  url: string;
  serverName: string;
  secrets: SynapseSecrets;
  botLocalpart: string;
  registrationPath: string;
  /**
   * The web client proxy's own listener (trusts X-Forwarded-For); see serveTestClient. With
   * workers there is none: the proxy goes to `url`, the router, which routes every request.
   */
  proxySocket: string | undefined;
  dir: string;
  logFile: string;
  /** The last lines of Synapse's log, for failure reports. */
  logTail(lines?: number): string;
  /** With workers: the topology, its processes and the router's counts. */
  workers?: RunningSynapseWorkers & { topology: WorkersTopology; logDir: string };
  stop(): Promise<void>;
};

/** Options of {@link startTestSynapse}. */
export type TestSynapseOptions = Parameters<typeof startTestSynapse>[0];

/** Starts Synapse configured to deliver transactions to `appserviceUrl`. */
export async function startTestSynapse(opts: {
  appserviceUrl: string;
  serverName?: string;
  /**
   * `test` (default) lifts every rate limit so tests measure Staffroom; `embedded` keeps the
   * limits people run with (npm start; production has the same ones).
   */
  profile?: "test" | "embedded";
  /**
   * Top-level homeserver.yaml sections that replace the rendered ones, for benchmarks that
   * need another setting (bench/scrub.ts: Synapse's own `retention` job every second).
   */
  homeserverOverrides?: Record<string, unknown>;
  /** Advertised by Synapse's MatrixRTC transports endpoint (meetings tests). */
  livekitServiceUrl?: string;
  /** TURN settings rendered like `render-config` does from STAFFROOM_TURN_*. */
  turn?: TurnSettings;
  /**
   * Synapse's workers topology with this many sync workers (on a throwaway PostgreSQL and
   * redis-server, all on Unix sockets); `url` is then the router in front of them.
   */
  workers?: number;
}): Promise<TestSynapse> {
  if (opts.workers !== undefined && opts.workers > 0) return startTestSynapseWorkers(opts);
  const dir = await mkdtemp(join(tmpdir(), "staffroom-synapse-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serverName = opts.serverName ?? "staffroom.test";
  const secrets = generateSecrets();
  const botLocalpart = "staffbot";
  const logFile = join(dir, "homeserver.log");
  const proxySocket = join(dir, "client-proxy.sock");
  const files = await writeSynapseConfig(
    {
      profile: opts.profile ?? "test",
      serverName,
      publicBaseUrl: `${url}/`,
      bindAddress: "127.0.0.1",
      port,
      configDir: dir,
      dataDir: dir,
      appserviceUrl: opts.appserviceUrl,
      botLocalpart,
      secrets,
      log: { file: logFile },
      livekitServiceUrl: opts.livekitServiceUrl,
      turn: opts.turn,
      proxySocket,
    },
    paths.synapseTemplates,
  );
  if (opts.homeserverOverrides !== undefined) {
    const rendered = parse(await readFile(files["homeserver.yaml"], "utf8")) as object;
    await writeFile(
      files["homeserver.yaml"],
      stringify({ ...rendered, ...opts.homeserverOverrides }),
    );
  }
  const running = await startSynapse({
    configPath: files["homeserver.yaml"],
    url,
    logFile,
    consoleLog: join(dir, "synapse.console.log"),
  });
  return {
    url,
    serverName,
    secrets,
    botLocalpart,
    registrationPath: files["appservice-registration.yaml"],
    proxySocket,
    dir,
    logFile,
    logTail: (lines = 40) => tail(logFile, lines),
    async stop() {
      await running.stop();
      if (!process.env.STAFFROOM_KEEP_TEST_DATA) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Registers a Matrix account the staff directory does not list, signed in. */
export async function registerOutsider(
  synapse: TestSynapse,
  localpart: string,
): Promise<MatrixTestClient> {
  const registered = await registerWithSharedSecret({
    homeserverUrl: synapse.url,
    sharedSecret: synapse.secrets.registration_shared_secret,
    username: localpart,
    password: `pw-${localpart}-${Date.now()}`,
  });
  return new MatrixTestClient(synapse.url, registered.user_id, registered.access_token);
}
