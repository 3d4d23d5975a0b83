/**
 * npm start's Synapse with `synapse.workers` ≥ 1: the local PostgreSQL cluster, redis-server,
 * the main process and every worker (synapseWorkersRun.ts), each supervised like npm start's
 * other children, and two routers with the one routing table (synapseRouter.ts): on a Unix
 * socket for the web client's proxy (which sets X-Forwarded-For), and on `homeserver.url`'s
 * loopback port for the appservice, the demo seeding and other Matrix clients. The appservice's
 * requests thus take the routing table too: the media admin API its scrub runs use is served by
 * the media worker only. The main process's own TCP listener moves to a free loopback port.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { postgresConnectionsFor, writeSynapseConfig } from "@staffroom/appservice/setup";
import {
  ensureCluster,
  ensureSynapseDatabase,
  startLocalPostgres,
  synapseHasData,
  SYNAPSE_DB,
} from "./localPostgres.ts";
import { paths } from "./paths.ts";
import { freePort } from "./ports.ts";
import { startRedis } from "./redisProcess.ts";
import { readPortState, sqliteDatabase, sqliteSwitchRefusal } from "./sqliteSwitch.ts";
import type { SupervisedProcess } from "./supervisedProcess.ts";
import { supervise, type Supervised } from "./supervisor.ts";
import { startSynapse } from "./synapseProcess.ts";
import { startSynapseRouter, type SynapseRouter } from "./synapseRouter.ts";
import type { SynapseStack, SynapseStackInput } from "./synapseStack.ts";
import type { WorkersPlan } from "./synapseWorkersPlan.ts";
import { startSynapseWorkers } from "./synapseWorkersRun.ts";

/**
 * The workers stack for a checked plan (preflightWorkers).
 * @param binDir - PostgreSQL's server programs
 */
export function workersSynapse(
  input: SynapseStackInput,
  plan: WorkersPlan,
  binDir: string,
): SynapseStack {
  const { say } = input;
  const logDir = paths.synapseConfigDir;
  /** Supervised processes: postgres, redis, main and each worker by its name. */
  const supervised = new Map<string, Supervised<SupervisedProcess>>();
  const routers: SynapseRouter[] = [];
  let stopped = false;
  let starting: Promise<void> | undefined;

  function watch<P extends SupervisedProcess>(
    key: string,
    name: string,
    log: string,
    first: P,
    again: () => Promise<P>,
  ): void {
    const child = supervise(name, log, first, again, input.hooks);
    supervised.set(key, child as Supervised<SupervisedProcess>);
    if (stopped) child.halt();
  }

  async function run(): Promise<void> {
    await ensureCluster(plan.postgres, binDir, say);
    say(`starting PostgreSQL for Synapse (log: ${plan.postgres.logFile})…`);
    const connections = postgresConnectionsFor(plan.topology);
    const runPostgres = () => startLocalPostgres(plan.postgres, binDir, say, connections);
    watch("postgres", "PostgreSQL", plan.postgres.logFile, await runPostgres(), runPostgres);
    if (stopped) return;
    if (await ensureSynapseDatabase(plan.postgres, binDir)) say("created Synapse's database");
    const refusal = sqliteSwitchRefusal({
      workers: plan.workers,
      sqliteExists: existsSync(sqliteDatabase()),
      postgresHasData: await synapseHasData(plan.postgres, binDir),
      portState: readPortState(plan.postgres),
    });
    if (refusal) throw refusal;

    await mkdir(plan.socketsDir, { recursive: true });
    await chmod(plan.socketsDir, 0o700);
    const mainPort = await freePort(input.render.bindAddress);
    const mainUrl = `http://${input.render.bindAddress}:${mainPort}`;
    const files = await writeSynapseConfig(
      {
        ...input.render,
        port: mainPort,
        postgres: { host: plan.postgres.socketDir, user: SYNAPSE_DB, password: "", db: SYNAPSE_DB },
        workers: plan.topology,
      },
      paths.synapseTemplates,
    );
    say(
      `starting Synapse's workers topology: main, sync1-${plan.workers}, streams, media, ` +
        `background (logs: ${logDir}/<process>.log)…`,
    );
    const redisOptions = { socketPath: plan.redisSocket, dir: logDir };
    const running = await startSynapseWorkers({
      topology: plan.topology,
      homeserverConfig: files["homeserver.yaml"],
      workerConfigs: files.workers ?? {},
      mainUrl,
      mainClient: { path: input.render.proxySocket ?? paths.synapseProxySocket },
      logDir,
      redis: redisOptions,
      routerListen: { path: plan.routerSocket },
      venv: paths.venv,
      say,
    });
    routers.push(running.router);
    const redisLog = join(logDir, "redis.log");
    const runRedis = () => startRedis({ ...redisOptions, logFile: redisLog });
    watch("redis", "redis-server", redisLog, running.redis, runRedis);
    const runMain = () =>
      startSynapse({
        configPath: files["homeserver.yaml"],
        url: mainUrl,
        logFile: join(logDir, "homeserver.log"),
        consoleLog: join(logDir, "synapse.console.log"),
        venv: paths.venv,
      });
    watch("main", "Synapse's main process", paths.synapseLog, running.main, runMain);
    for (const [name, proc] of running.workers) {
      const log = join(logDir, `${name}.log`);
      watch(name, `Synapse's ${name} worker`, log, proc, () => running.restartWorker(name));
    }
    if (stopped) return;
    // The same routing on homeserver.url, for the appservice and other local clients.
    routers.push(
      await startSynapseRouter({
        topology: plan.topology,
        main: { path: input.render.proxySocket ?? paths.synapseProxySocket },
        listen: { host: input.url.hostname, port: Number(input.url.port || 80) },
      }),
    );
    say(`Synapse's router answers on ${input.url.origin}`);
  }

  const halt = () => {
    stopped = true;
    for (const child of supervised.values()) child.halt();
  };
  return {
    proxySocket: plan.routerSocket,
    async start() {
      starting = run();
      await starting;
    },
    halt,
    async stop() {
      halt();
      await starting?.catch(() => undefined);
      await Promise.all(routers.map((router) => router.close()));
      const last = ["main", "redis", "postgres"];
      const workers = [...supervised].filter(([key]) => !last.includes(key));
      await Promise.all(workers.map(([, child]) => child.stop()));
      for (const key of last) await supervised.get(key)?.stop();
    },
    restarts: () => [...supervised.values()].reduce((sum, child) => sum + child.restarts(), 0),
    processRestarts: () =>
      Object.fromEntries([...supervised].map(([key, child]) => [key, child.restarts()])),
    note: () =>
      `${plan.workers} sync workers + main, streams, media, background on PostgreSQL ` +
      `(.data/postgres); logs .data/synapse/<process>.log`,
  };
}
