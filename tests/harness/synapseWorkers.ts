/**
 * A throwaway Synapse in the workers topology for one test file: the same render function and
 * start-up code as npm start with `synapse.workers` set, on a throwaway PostgreSQL cluster and
 * redis-server, every listener a Unix socket in the temp dir, and the router (the routing table
 * npm start and docker/nginx use) on a free loopback port: that port is the Synapse URL tests,
 * the appservice and the web client proxy talk to.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSecrets, workersTopology, writeSynapseConfig } from "@staffroom/appservice/setup";
import { paths } from "../../scripts/lib/paths.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { tail } from "../../scripts/lib/synapseProcess.ts";
import { startSynapseWorkers } from "../../scripts/lib/synapseWorkersRun.ts";
import { startTestPostgres } from "./postgres.ts";
import type { TestSynapse, TestSynapseOptions } from "./synapse.ts";

/** {@link startTestSynapse} with `workers`: see the file comment. */
export async function startTestSynapseWorkers(opts: TestSynapseOptions): Promise<TestSynapse> {
  // Short: Unix socket paths are limited to 107 bytes.
  const dir = await mkdtemp(join(tmpdir(), "sw-"));
  const sockets = join(dir, "s");
  await mkdir(sockets);
  const pg = await startTestPostgres();
  try {
    const database = new URL(await pg.createDatabase("synapse"));
    const port = await freePort();
    const mainUrl = `http://127.0.0.1:${port}`;
    const serverName = opts.serverName ?? "staffroom.test";
    const secrets = generateSecrets();
    const botLocalpart = "staffbot";
    const topology = workersTopology(opts.workers ?? 1, {
      kind: "sockets",
      dir: sockets,
      redis: { path: join(sockets, "redis.sock") },
    });
    const proxySocket = join(sockets, "main.sock");
    const routerPort = await freePort();
    const routerUrl = `http://127.0.0.1:${routerPort}`;
    const files = await writeSynapseConfig(
      {
        profile: opts.profile ?? "test",
        serverName,
        publicBaseUrl: `${routerUrl}/`,
        bindAddress: "127.0.0.1",
        port,
        configDir: dir,
        dataDir: dir,
        appserviceUrl: opts.appserviceUrl,
        botLocalpart,
        secrets,
        log: { file: join(dir, "homeserver.log") },
        livekitServiceUrl: opts.livekitServiceUrl,
        turn: opts.turn,
        proxySocket,
        postgres: {
          host: database.hostname,
          port: Number(database.port),
          user: database.username,
          password: "",
          db: "synapse",
        },
        workers: topology,
      },
      paths.synapseTemplates,
    );
    const running = await startSynapseWorkers({
      topology,
      homeserverConfig: files["homeserver.yaml"],
      workerConfigs: files.workers ?? {},
      mainUrl,
      mainClient: { path: proxySocket },
      logDir: dir,
      redis: { socketPath: join(sockets, "redis.sock"), dir },
      routerListen: { host: "127.0.0.1", port: routerPort },
    });
    const logFile = join(dir, "homeserver.log");
    return {
      url: routerUrl,
      serverName,
      secrets,
      botLocalpart,
      registrationPath: files["appservice-registration.yaml"],
      proxySocket: undefined,
      dir,
      logFile,
      logTail: (lines = 40) => tail(logFile, lines),
      workers: { ...running, topology, logDir: dir },
      async stop() {
        await running.stop();
        await pg.stop();
        if (!process.env.STAFFROOM_KEEP_TEST_DATA) await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await pg.stop();
    if (!process.env.STAFFROOM_KEEP_TEST_DATA) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
