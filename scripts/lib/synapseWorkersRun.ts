/**
 * Starts Synapse's workers topology on one machine from its rendered files: redis-server, the
 * main process, every worker (the event persister first), and the router in front of them.
 * Shared by npm start and the test harness; each process is a {@link SynapseProcess} the caller
 * may supervise.
 */
import { join } from "node:path";
import {
  healthEndpointOf,
  type Endpoint,
  type SynapseProcessSpec,
  type WorkersTopology,
} from "@staffroom/appservice/setup";
import { startRedis, type RedisProcess } from "./redisProcess.ts";
import { startSynapse, type SynapseProcess } from "./synapseProcess.ts";
import { startSynapseRouter, type SynapseRouter } from "./synapseRouter.ts";

/** What {@link startSynapseWorkers} needs. */
export type SynapseWorkersOptions = {
  topology: WorkersTopology;
  /** The shared homeserver.yaml and each worker's config file (writeSynapseConfig's paths). */
  homeserverConfig: string;
  workerConfigs: Readonly<Record<string, string>>;
  /** The main process's URL (its TCP client listener). */
  mainUrl: string;
  /** The main process's client endpoint for the router (npm start: its proxy socket). */
  mainClient: Endpoint;
  /** Where Synapse's logs go: `homeserver.log` and `<worker>.log` (log.config), consoles beside. */
  logDir: string;
  /** redis-server's socket and working directory. */
  redis: { socketPath: string; dir: string };
  routerListen: { path: string } | { host: string; port: number };
  venv?: string;
  say?: (line: string) => void;
};

/** A running topology. */
export type RunningSynapseWorkers = {
  redis: RedisProcess;
  main: SynapseProcess;
  /** By worker name. */
  workers: Map<string, SynapseProcess>;
  router: SynapseRouter;
  /** Starts one worker again (after it died or was stopped). */
  restartWorker(name: string): Promise<SynapseProcess>;
  /** Router, workers, main, then redis. */
  stop(): Promise<void>;
};

/** How to start one worker of the topology. */
export function startWorkerProcess(
  spec: SynapseProcessSpec,
  opts: SynapseWorkersOptions,
): Promise<SynapseProcess> {
  const configPath = opts.workerConfigs[spec.name];
  const health = healthEndpointOf(spec);
  if (!configPath || !health) throw new RangeError(`worker ${spec.name} has no config or listener`);
  return startSynapse({
    configPath: opts.homeserverConfig,
    url: "path" in health ? opts.mainUrl : `http://${health.host}:${health.port}`,
    logFile: join(opts.logDir, `${spec.name}.log`),
    consoleLog: join(opts.logDir, `${spec.name}.console.log`),
    venv: opts.venv,
    worker: {
      app: spec.app,
      configPath,
      name: spec.name,
      ...("path" in health ? { socketPath: health.path } : {}),
    },
  });
}

/** Starts everything; on a failure, stops what already runs and rethrows. */
export async function startSynapseWorkers(
  opts: SynapseWorkersOptions,
): Promise<RunningSynapseWorkers> {
  const say = opts.say ?? (() => undefined);
  const started: { stop(): Promise<void> }[] = [];
  const workers = new Map<string, SynapseProcess>();
  try {
    say("starting redis-server for Synapse's workers…");
    const redis = await startRedis({
      socketPath: opts.redis.socketPath,
      dir: opts.redis.dir,
      logFile: join(opts.logDir, "redis.log"),
    });
    started.push(redis);
    say("starting Synapse's main process…");
    const main = await startSynapse({
      configPath: opts.homeserverConfig,
      url: opts.mainUrl,
      logFile: join(opts.logDir, "homeserver.log"),
      consoleLog: join(opts.logDir, "synapse.console.log"),
      venv: opts.venv,
    });
    started.push(main);
    // The event persister first: the others send it events and stream positions.
    const order = [...opts.topology.processes]
      .filter((spec) => spec.role !== "main")
      .sort((a, b) => Number(b.role === "streams") - Number(a.role === "streams"));
    const [first, ...rest] = order;
    if (first) workers.set(first.name, await startWorkerProcess(first, opts));
    say(`starting ${rest.length} more Synapse workers…`);
    const others = await Promise.all(rest.map((spec) => startWorkerProcess(spec, opts)));
    rest.forEach((spec, i) => workers.set(spec.name, others[i] as SynapseProcess));
    const router = await startSynapseRouter({
      topology: opts.topology,
      main: opts.mainClient,
      listen: opts.routerListen,
    });
    return {
      redis,
      main,
      workers,
      router,
      async restartWorker(name) {
        const spec = opts.topology.processes.find((p) => p.name === name);
        if (!spec) throw new RangeError(`no worker named ${name}`);
        await workers.get(name)?.stop();
        const proc = await startWorkerProcess(spec, opts);
        workers.set(name, proc);
        return proc;
      },
      async stop() {
        await router.close();
        await Promise.all([...workers.values()].map((proc) => proc.stop()));
        await main.stop();
        await redis.stop();
      },
    };
  } catch (error) {
    await Promise.all([...workers.values()].map((proc) => proc.stop()));
    for (const proc of started.reverse()) await proc.stop();
    throw error;
  }
}
