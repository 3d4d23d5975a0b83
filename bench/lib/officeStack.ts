/**
 * The stack of bench/office-day.ts, put together from the parts `npm start` uses: Synapse with
 * the embedded profile (its real rate limits) through `writeSynapseConfig` and `startSynapse`,
 * the appservice as its own process (`startAppservice`), and the web client's same-origin proxy
 * (`serveClient`), all on free loopback ports. On PostgreSQL, Synapse and the appservice each get
 * a database on one throwaway cluster (production's pool size for Synapse).
 */
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PreviewServer } from "vite";
import { parse, stringify } from "yaml";
import {
  ensureBotIsAdmin,
  generateSecrets,
  registerWithSharedSecret,
  workersTopology,
  writeSynapseConfig,
  type WorkersTopology,
} from "../../appservice/src/setup/index.ts";
import { startAppservice } from "../../scripts/lib/appserviceProcess.ts";
import { ensureClientBuilt, serveClient } from "../../scripts/lib/clientServer.ts";
import { paths } from "../../scripts/lib/paths.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import type { SupervisedProcess } from "../../scripts/lib/supervisedProcess.ts";
import { startSynapse } from "../../scripts/lib/synapseProcess.ts";
import {
  startSynapseWorkers,
  type RunningSynapseWorkers,
} from "../../scripts/lib/synapseWorkersRun.ts";
import {
  startTestPostgres,
  synapseDatabaseSection,
  type TestPostgres,
} from "../../tests/harness/postgres.ts";
import { waitForProvisioning } from "./officeProvisioning.ts";

/** One member of staff: Matrix ID, password, and department index. */
export type StaffMember = { localpart: string; userId: string; password: string; dept: number };

/** A running office stack. */
export type OfficeStack = {
  serverName: string;
  synapseUrl: string;
  appserviceUrl: string;
  /** The web client's origin: `/_matrix` and `/api` through its proxy, as browsers reach them. */
  clientUrl: string;
  staff: StaffMember[];
  /** A Synapse account the staff directory does not list. */
  outsider: { userId: string; accessToken: string };
  asToken: string;
  /** Room ID by alias localpart (`all-staff`, `dept-d0`, …). */
  rooms: Map<string, string>;
  /** Peak resident set (VmHWM) of each process so far, in MiB. */
  peakRss(): { appservice: number; synapse: number };
  stop(): Promise<void>;
};

const SERVER_NAME = "office.test";

/** VmHWM of a process in MiB (0 once it is gone). */
function peakRssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Starts the stack with `staffCount` staff accounts in `departments` departments (round robin),
 * waits until the membership sync has joined them all, and returns it.
 */
export async function startOfficeStack(opts: {
  database: "sqlite" | "postgres";
  /** Synapse's workers topology with this many sync workers (PostgreSQL only); 0: one process. */
  workers?: number;
  staffCount: number;
  departments: number;
  say: (line: string) => void;
}): Promise<OfficeStack> {
  const dir = await mkdtemp(join(tmpdir(), "staffroom-office-"));
  await mkdir(join(dir, "s"));
  const [synapsePort, appservicePort, clientPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const synapseUrl = `http://127.0.0.1:${synapsePort}`;
  const appserviceUrl = `http://127.0.0.1:${appservicePort}`;
  const secrets = generateSecrets();
  let pg: TestPostgres | undefined;
  let synapse: SupervisedProcess | undefined;
  let workers: RunningSynapseWorkers | undefined;
  let appservice: SupervisedProcess | undefined;
  let client: PreviewServer | undefined;
  const stop = async () => {
    await client?.close().catch(() => undefined);
    await appservice?.stop();
    await synapse?.stop();
    await workers?.stop();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (opts.database === "postgres") pg = await startTestPostgres();
    const topology = (opts.workers ?? 0) > 0 ? officeWorkers(opts.workers ?? 1, dir) : undefined;
    if (topology && !pg)
      throw new Error("Synapse's workers need PostgreSQL (--databases postgres)");
    // With workers the router takes the Synapse URL; the main process listens beside it.
    const mainPort = topology ? await freePort() : synapsePort;
    const postgres = pg && topology ? await postgresInput(pg) : undefined;
    const files = await writeSynapseConfig(
      {
        profile: "embedded",
        serverName: SERVER_NAME,
        publicBaseUrl: `${synapseUrl}/`,
        bindAddress: "127.0.0.1",
        port: mainPort,
        ...(topology && postgres ? { workers: topology, postgres } : {}),
        configDir: dir,
        dataDir: dir,
        appserviceUrl,
        botLocalpart: "staffbot",
        secrets,
        log: { file: join(dir, "homeserver.log") },
        proxySocket: join(dir, "client-proxy.sock"),
      },
      paths.synapseTemplates,
    );
    if (pg !== undefined && topology === undefined) {
      const rendered = parse(await readFile(files["homeserver.yaml"], "utf8")) as object;
      const database = await synapseDatabaseSection(pg);
      await writeFile(files["homeserver.yaml"], stringify({ ...rendered, database }));
    }
    opts.say(
      `  starting Synapse (embedded profile, ${opts.database}${topology ? `, ${opts.workers} sync workers` : ""})…`,
    );
    if (topology) {
      workers = await startSynapseWorkers({
        topology,
        homeserverConfig: files["homeserver.yaml"],
        workerConfigs: files.workers ?? {},
        mainUrl: `http://127.0.0.1:${mainPort}`,
        mainClient: { path: join(dir, "client-proxy.sock") },
        logDir: dir,
        redis: { socketPath: join(dir, "s", "redis.sock"), dir },
        routerListen: { host: "127.0.0.1", port: synapsePort },
      });
      synapse = workers.main;
    } else {
      synapse = await startSynapse({
        configPath: files["homeserver.yaml"],
        url: synapseUrl,
        logFile: join(dir, "homeserver.log"),
        consoleLog: join(dir, "synapse.console.log"),
      });
    }
    await ensureBotIsAdmin({
      homeserverUrl: synapseUrl,
      serverName: SERVER_NAME,
      asToken: secrets.as_token,
      botLocalpart: "staffbot",
      sharedSecret: secrets.registration_shared_secret,
    });
    const register = (localpart: string, password: string) =>
      registerWithSharedSecret({
        homeserverUrl: synapseUrl,
        sharedSecret: secrets.registration_shared_secret,
        username: localpart,
        password,
      });
    opts.say(`  registering ${opts.staffCount} staff accounts…`);
    const staff: StaffMember[] = [];
    for (let i = 0; i < opts.staffCount; i++) {
      const localpart = `staff${String(i).padStart(3, "0")}`;
      const password = `office-${localpart}-${Math.random().toString(36).slice(2)}`;
      const { user_id } = await register(localpart, password);
      staff.push({ localpart, userId: user_id, password, dept: i % opts.departments });
    }
    const outsiderAccount = await register("visitor", `visitor-${Date.now()}`);

    const directoryPath = join(dir, "directory.yaml");
    await writeFile(
      directoryPath,
      stringify({
        operators: staff.map((s) => ({ user_id: s.userId, display_name: `Staff ${s.localpart}` })),
        departments: Array.from({ length: opts.departments }, (_, d) => ({
          id: `d${d}`,
          name: `Department ${d}`,
          members: staff.filter((s) => s.dept === d).map((s) => s.userId),
        })),
        admins: [staff[0]!.userId],
      }),
    );
    const database =
      pg === undefined
        ? { client: "sqlite3", filename: join(dir, "staffroom.db") }
        : { client: "pg", connection: await pg.createDatabase("staffroom") };
    const configPath = join(dir, "config.yaml");
    await writeFile(
      configPath,
      stringify({
        homeserver: { url: synapseUrl, domain: SERVER_NAME },
        appservice: {
          registration_file: files["appservice-registration.yaml"],
          bind_address: "127.0.0.1",
          port: appservicePort,
        },
        database,
        directory: { file: directoryPath },
        logging: { level: "warn" },
      }),
    );
    opts.say("  starting the appservice and waiting for its first sync pass…");
    appservice = await startAppservice({
      configPath,
      url: appserviceUrl,
      logFile: join(dir, "appservice.log"),
    });
    const rooms = await waitForProvisioning(synapseUrl, secrets.as_token, {
      ...opts,
      serverName: SERVER_NAME,
    });
    await ensureClientBuilt(opts.say);
    client = await serveClient({
      host: "127.0.0.1",
      port: clientPort,
      synapseUrl,
      apiUrl: appserviceUrl,
      // With workers, /_matrix goes to the router (on synapseUrl) rather than the main process.
      ...(topology ? {} : { synapseSocket: join(dir, "client-proxy.sock") }),
    });
    const synapsePids = [
      synapse.child.pid,
      ...[...(workers?.workers.values() ?? [])].map((w) => w.child.pid),
    ];
    const pids = { appservice: appservice.child.pid };
    return {
      serverName: SERVER_NAME,
      synapseUrl,
      appserviceUrl,
      clientUrl: `http://127.0.0.1:${clientPort}`,
      staff,
      outsider: { userId: outsiderAccount.user_id, accessToken: outsiderAccount.access_token },
      asToken: secrets.as_token,
      rooms,
      peakRss: () => ({
        appservice: peakRssOf(pids.appservice),
        // With workers: all Synapse processes together.
        synapse: synapsePids.reduce((sum: number, pid) => sum + peakRssOf(pid), 0),
      }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The office's workers topology: every listener a socket in the stack's directory. */
function officeWorkers(syncWorkers: number, dir: string): WorkersTopology {
  return workersTopology(syncWorkers, {
    kind: "sockets",
    dir: join(dir, "s"),
    redis: { path: join(dir, "s", "redis.sock") },
  });
}

/** Synapse's database on the throwaway cluster, as the render input names it. */
async function postgresInput(pg: TestPostgres) {
  const url = new URL(await pg.createDatabase("synapse"));
  return {
    host: url.hostname,
    port: Number(url.port),
    user: url.username,
    password: "",
    db: "synapse",
  };
}
