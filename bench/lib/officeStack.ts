/**
 * The stack of bench/office-day.ts, put together from the parts `npm start` uses: Synapse with
 * the embedded profile (its real rate limits) through `writeSynapseConfig` and `startSynapse`,
 * the appservice as its own process (`startAppservice`), and the web client's same-origin proxy
 * (`serveClient`), all on free loopback ports. On PostgreSQL, Synapse and the appservice each get
 * a database on one throwaway cluster (production's pool size for Synapse).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PreviewServer } from "vite";
import { parse, stringify } from "yaml";
import {
  ensureBotIsAdmin,
  generateSecrets,
  registerWithSharedSecret,
  writeSynapseConfig,
} from "../../appservice/src/setup/index.ts";
import { startAppservice } from "../../scripts/lib/appserviceProcess.ts";
import { ensureClientBuilt, serveClient } from "../../scripts/lib/clientServer.ts";
import { paths } from "../../scripts/lib/paths.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import type { SupervisedProcess } from "../../scripts/lib/supervisedProcess.ts";
import { startSynapse } from "../../scripts/lib/synapseProcess.ts";
import {
  startTestPostgres,
  synapseDatabaseSection,
  type TestPostgres,
} from "../../tests/harness/postgres.ts";
import { waitFor } from "../../tests/harness/waitFor.ts";

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
  staffCount: number;
  departments: number;
  say: (line: string) => void;
}): Promise<OfficeStack> {
  const dir = await mkdtemp(join(tmpdir(), "staffroom-office-"));
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
  let appservice: SupervisedProcess | undefined;
  let client: PreviewServer | undefined;
  const stop = async () => {
    await client?.close().catch(() => undefined);
    await appservice?.stop();
    await synapse?.stop();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (opts.database === "postgres") pg = await startTestPostgres();
    const files = await writeSynapseConfig(
      {
        profile: "embedded",
        serverName: SERVER_NAME,
        publicBaseUrl: `${synapseUrl}/`,
        bindAddress: "127.0.0.1",
        port: synapsePort,
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
    if (pg !== undefined) {
      const rendered = parse(await readFile(files["homeserver.yaml"], "utf8")) as object;
      const database = await synapseDatabaseSection(pg);
      await writeFile(files["homeserver.yaml"], stringify({ ...rendered, database }));
    }
    opts.say(`  starting Synapse (embedded profile, ${opts.database})…`);
    synapse = await startSynapse({
      configPath: files["homeserver.yaml"],
      url: synapseUrl,
      logFile: join(dir, "homeserver.log"),
      consoleLog: join(dir, "synapse.console.log"),
    });
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
    const rooms = await waitForProvisioning(synapseUrl, secrets.as_token, opts);
    await ensureClientBuilt(opts.say);
    client = await serveClient({
      host: "127.0.0.1",
      port: clientPort,
      synapseUrl,
      apiUrl: appserviceUrl,
      synapseSocket: join(dir, "client-proxy.sock"),
    });
    const pids = { appservice: appservice.child.pid, synapse: synapse.child.pid };
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
        synapse: peakRssOf(pids.synapse),
      }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Waits until All Staff and every department room hold all their members (Admin API, as the
// bot) and returns the rooms by alias localpart.
async function waitForProvisioning(
  synapseUrl: string,
  asToken: string,
  opts: { staffCount: number; departments: number },
): Promise<Map<string, string>> {
  const admin = async <T>(path: string): Promise<T | undefined> => {
    const response = await fetch(new URL(path, synapseUrl), {
      headers: { authorization: `Bearer ${asToken}` },
    });
    return response.ok ? ((await response.json()) as T) : undefined;
  };
  const wanted: [string, number][] = [
    ["all-staff", opts.staffCount],
    ...Array.from({ length: opts.departments }, (_, d): [string, number] => [
      `dept-d${d}`,
      Math.ceil((opts.staffCount - d) / opts.departments),
    ]),
  ];
  const rooms = new Map<string, string>();
  for (const [localpart, members] of wanted) {
    const roomId = await waitFor(
      `#${localpart} to hold its ${members} members`,
      async () => {
        const alias = encodeURIComponent(`#${localpart}:${SERVER_NAME}`);
        const found = await admin<{ room_id: string }>(
          `/_matrix/client/v3/directory/room/${alias}`,
        );
        if (found === undefined) return undefined;
        const joined = await admin<{ members: string[] }>(
          `/_synapse/admin/v1/rooms/${encodeURIComponent(found.room_id)}/members`,
        );
        // The bot is a member too.
        return (joined?.members.length ?? 0) >= members + 1 ? found.room_id : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    rooms.set(localpart, roomId);
  }
  return rooms;
}
