/**
 * `npm start`: brings the whole embedded stack up on this machine and keeps it running until
 * Ctrl-C. Idempotent: a second run reuses the venv, config, secrets, data and client build.
 *
 *   Synapse     http://127.0.0.1:8008   (.data/venv, config rendered into .data/synapse/; with
 *                                       synapse.workers ≥ 1 its workers on .data/postgres)
 *   Appservice  http://127.0.0.1:9000   (appservice/config.yaml, data in .data/appservice/)
 *   Web client  http://127.0.0.1:8080   (client/dist, proxies /_matrix, /api and /livekit/jwt)
 *   LiveKit     ws://127.0.0.1:7880     (group meetings; built into .data/bin, config in .data/livekit/)
 *
 * A child that dies is restarted (scripts/lib/supervisor.ts, policy in restartPolicy.ts); a crash
 * loop stops everything with a message naming the child and its log.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig, type MeetingsConfig } from "@staffroom/appservice";
import { ensureBotIsAdmin, loadOrCreateSecrets } from "@staffroom/appservice/setup";
import type { PreviewServer } from "vite";
import { startAppservice } from "./lib/appserviceProcess.ts";
import { ensureClientBuilt, serveClient } from "./lib/clientServer.ts";
import { demoDirectory, importDemoFaq, seedDemoOrg } from "./lib/demoOrg.ts";
import { ensureEmbeddedConfig } from "./lib/embeddedConfig.ts";
import { ensureLivekit, type LivekitInstall } from "./lib/livekitBuild.ts";
import { startLivekit, type LivekitProcess } from "./lib/livekitProcess.ts";
import { StartupError } from "./lib/errors.ts";
import { takeLock } from "./lib/lock.ts";
import { paths } from "./lib/paths.ts";
import { isPortFree } from "./lib/ports.ts";
import type { SupervisedProcess } from "./lib/supervisedProcess.ts";
import { RESTARTS_FILE_ENV, writeRestartCounts } from "./lib/restartsFile.ts";
import { supervise, type Supervised, type SupervisorHooks } from "./lib/supervisor.ts";
import {
  BOT_LOCALPART,
  embeddedRenderInput,
  singleSynapse,
  type SynapseStack,
} from "./lib/synapseStack.ts";
import { preflightWorkers, workersPlan } from "./lib/synapseWorkersPlan.ts";
import { workersSynapse } from "./lib/synapseWorkersStack.ts";
import { ensureSynapseVenv } from "./lib/venv.ts";
import { existsSync, writeFileSync } from "node:fs";

const CLIENT_HOST = "127.0.0.1";
/** The web client's port: 8080 (STAFFROOM_CLIENT_PORT moves it, for a second stack beside the first). */
const CLIENT_PORT = Number(process.env.STAFFROOM_CLIENT_PORT ?? 8080);

const say = (line: string) => console.log(`staffroom: ${line}`);

let synapse: SynapseStack | undefined;
let livekit: Supervised<LivekitProcess> | undefined;
let appservice: Supervised<SupervisedProcess> | undefined;
let clientServer: PreviewServer | undefined;
let releaseLock: (() => void) | undefined;
let stopping: Promise<void> | undefined;

/** Stops every child, newest first. Safe to call more than once. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const child of [appservice, livekit, synapse]) child?.halt();
    await clientServer?.close().catch(() => undefined);
    await appservice?.stop();
    await livekit?.stop();
    await synapse?.stop();
    releaseLock?.();
  })();
  return stopping;
}

/** Rewrites the restart counts the appservice's /health reports. */
function recordRestarts(): void {
  writeRestartCounts(paths.restartsFile, {
    appservice: appservice?.restarts() ?? 0,
    synapse: synapse?.restarts() ?? 0,
    livekit: livekit?.restarts() ?? 0,
    ...(synapse?.processRestarts() ? { synapse_processes: synapse.processRestarts() } : {}),
  });
}

const supervisorHooks: SupervisorHooks = {
  say,
  onRestarted: recordRestarts,
  onGiveUp(message) {
    if (stopping) return;
    console.error(`staffroom: ${message}`);
    void stopAll().then(() => process.exit(1));
  },
};

async function checkPorts(ports: [string, number, string][]): Promise<void> {
  for (const [what, port, host] of ports) {
    if (!(await isPortFree(port, host))) {
      throw new StartupError(
        `port ${port} (${what}) on ${host} is already in use.`,
        `Stop the program using it (e.g. \`ss -ltnp 'sport = :${port}'\` shows which) and run again.`,
      );
    }
  }
}

/** LiveKit's HTTP and ICE/TCP ports (the next one up), when meetings are on. */
function livekitPorts(meetings: MeetingsConfig): [string, number, string][] {
  if (!meetings.enabled) return [];
  const port = Number(new URL(meetings.livekit.api_url).port || 80);
  return [
    ["LiveKit", port, "127.0.0.1"],
    ["LiveKit ICE/TCP", port + 1, "127.0.0.1"],
  ];
}

async function main(): Promise<void> {
  mkdirSync(paths.dataDir, { recursive: true });
  mkdirSync(paths.synapseConfigDir, { recursive: true });
  mkdirSync(paths.appserviceDataDir, { recursive: true });
  releaseLock = takeLock(paths.lockFile);

  if (await ensureEmbeddedConfig(paths.appserviceConfig)) say("wrote appservice/config.yaml");
  // The demo directory must exist before the config (which points at it) is validated.
  const firstRun = !existsSync(paths.demoLogins);
  const domainGuess = "staffroom.local";
  if (firstRun && !existsSync(paths.directory))
    writeFileSync(paths.directory, demoDirectory(domainGuess));
  const config = await loadConfig(paths.appserviceConfig);
  const serverName = config.homeserver.domain;
  if (firstRun && serverName !== domainGuess)
    writeFileSync(paths.directory, demoDirectory(serverName));

  const synapseUrl = new URL(config.homeserver.url);
  const synapsePort = Number(synapseUrl.port || 80);
  const appserviceUrl = `http://${config.appservice.bind_address}:${config.appservice.port}`;
  // Synapse's workers: every check that needs nothing running, before anything starts.
  const plan = config.synapse.workers > 0 ? workersPlan(config.synapse.workers) : undefined;
  const workers = plan && { plan, pgBinDir: preflightWorkers(plan) };
  if (!workers && existsSync(join(paths.dataDir, "postgres")))
    say("synapse.workers is 0: Synapse runs on SQLite; its data in .data/postgres is not used.");
  await checkPorts([
    ["Synapse", synapsePort, synapseUrl.hostname],
    ["appservice", config.appservice.port, config.appservice.bind_address],
    ["web client", CLIENT_PORT, CLIENT_HOST],
    ...livekitPorts(config.meetings),
  ]);

  ensureSynapseVenv(say);
  const meetings = config.meetings;
  const livekitInstall: LivekitInstall = meetings.enabled
    ? await ensureLivekit(say)
    : { ok: false, reason: "meetings.enabled is off in the appservice config" };
  if (!livekitInstall.ok) say(`meetings disabled: ${livekitInstall.reason}; chat is unaffected.`);
  const secrets = await loadOrCreateSecrets(paths.secrets);
  const livekitServiceUrl = meetings.enabled
    ? `http://${CLIENT_HOST}:${CLIENT_PORT}/livekit/jwt`
    : undefined;
  const stackInput = {
    render: embeddedRenderInput(config, secrets, livekitServiceUrl),
    url: synapseUrl,
    hooks: supervisorHooks,
    say,
  };
  synapse = workers
    ? workersSynapse(stackInput, workers.plan, workers.pgBinDir)
    : singleSynapse(stackInput);
  recordRestarts();
  // The appservice finds the restart counts for its /health here.
  process.env[RESTARTS_FILE_ENV] = paths.restartsFile;
  await synapse.start();
  recordRestarts();
  const bot = await ensureBotIsAdmin({
    homeserverUrl: synapseUrl.origin,
    serverName,
    asToken: secrets.as_token,
    botLocalpart: BOT_LOCALPART,
    sharedSecret: secrets.registration_shared_secret,
    displayName: "Staffroom",
  });
  if (bot.promoted) say(`registered @${BOT_LOCALPART}:${serverName} as a server admin`);
  const demo = await seedDemoOrg({
    homeserverUrl: synapseUrl.origin,
    serverName,
    sharedSecret: secrets.registration_shared_secret,
    directoryPath: paths.directory,
    loginsPath: paths.demoLogins,
  });
  if (demo.created) say("seeded the demo organisation");
  if (demo.created) await importDemoFaq(paths.appserviceConfig, say);

  if (livekitInstall.ok) {
    const [[, livekitPort]] = livekitPorts(meetings) as [[string, number, string]];
    say(
      `starting LiveKit on ${meetings.livekit.url} (log: ${join(paths.livekitDir, "livekit.log")})…`,
    );
    const runLivekit = () =>
      startLivekit({
        binary: livekitInstall.binary,
        dir: paths.livekitDir,
        port: livekitPort,
        ...(meetings.livekit.api_key !== undefined && meetings.livekit.api_secret !== undefined
          ? { apiKey: meetings.livekit.api_key, apiSecret: meetings.livekit.api_secret }
          : { apiKey: secrets.livekit_api_key, apiSecret: secrets.livekit_api_secret }),
        keyFile: meetings.livekit.key_file,
      });
    const livekitLog = join(paths.livekitDir, "livekit.log");
    livekit = supervise("LiveKit", livekitLog, await runLivekit(), runLivekit, supervisorHooks);
  }

  say(`starting the appservice on ${appserviceUrl} (log: ${paths.appserviceLog})…`);
  const runAppservice = () =>
    startAppservice({
      configPath: paths.appserviceConfig,
      url: appserviceUrl,
      logFile: paths.appserviceLog,
    });
  appservice = supervise(
    "the appservice",
    paths.appserviceLog,
    await runAppservice(),
    runAppservice,
    supervisorHooks,
  );

  await ensureClientBuilt(say);
  clientServer = await serveClient({
    host: CLIENT_HOST,
    port: CLIENT_PORT,
    synapseUrl: synapseUrl.origin,
    apiUrl: appserviceUrl,
    // Synapse's proxy socket, or with workers the router's, which trust X-Forwarded-For.
    synapseSocket: synapse.proxySocket,
  });
  printSummary(
    { url: synapseUrl.origin, note: `server name ${serverName}; ${synapse.note()}` },
    appserviceUrl,
    livekit?.current().wsUrl,
    demo.logins,
  );
}

function printSummary(
  synapse: { url: string; note: string },
  appserviceUrl: string,
  livekitUrl: string | undefined,
  logins: { user_id: string; password: string; admin: boolean }[],
): void {
  const width = Math.max(...logins.map((l) => l.user_id.length));
  console.log(`
Staffroom is running.
  Web client   http://${CLIENT_HOST}:${CLIENT_PORT}
  Synapse      ${synapse.url}  (${synapse.note})
  Appservice   ${appserviceUrl}/health  (log .data/appservice/appservice.log)
  LiveKit      ${livekitUrl ? `${livekitUrl}  (group meetings; log .data/livekit/livekit.log)` : "not running: meetings are disabled (see above)"}

Demo logins (also in .data/demo-logins.json):
${logins.map((l) => `  ${l.user_id.padEnd(width)}  ${l.password}${l.admin ? "  (admin)" : ""}`).join("\n")}

Any Matrix client (Element…) can sign in at ${synapse.url} too. Press Ctrl-C to stop.`);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (!stopping) say("stopping…");
    void stopAll().then(() => process.exit(0));
  });
}

main().catch(async (error: unknown) => {
  await stopAll();
  if (error instanceof StartupError) {
    console.error(
      `staffroom: ${error.message}\n  → ${error.hint}${error.logPath ? `\n  log: ${error.logPath}` : ""}`,
    );
  } else if (error instanceof ConfigError) {
    console.error(
      `staffroom: ${paths.appserviceConfig} is invalid; nothing was started.\n${error.message}`,
    );
  } else {
    console.error("staffroom: start-up failed:", error);
  }
  process.exit(1);
});
