/**
 * `npm start` with `synapse.workers: 2` (scripts/run.mjs start, its own data dir and free ports,
 * meetings off): every process of the workers topology runs (main, sync1, sync2, streams, media,
 * background, redis-server, PostgreSQL), a person signs in and sends a message through the web
 * client's proxy, a killed sync worker is restarted and counted, and Ctrl-C leaves no process
 * behind. Before that, an install that ran Synapse on SQLite is refused, naming the migration.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { processFor, workersTopology } from "@staffroom/appservice/setup";
import { paths } from "../../scripts/lib/paths.ts";
import { freePort, isPortFree } from "../../scripts/lib/ports.ts";
import { waitFor } from "../harness/waitFor.ts";
import { alive, descendants, stopTree } from "./processTreeSupport.ts";

const TEST_TIMEOUT_MS = 300_000;
const PROCESSES = ["main", "sync1", "sync2", "streams", "media", "background", "redis", "postgres"];

type Stack = { child: ChildProcess; output: () => string; exit: Promise<number | null> };

let dataDir: string;
let ports: { synapse: number; appservice: number; client: number };
const running: ChildProcess[] = [];

async function writeConfig(dir: string): Promise<string> {
  const file = join(dir, "config.yaml");
  await writeFile(
    file,
    stringify({
      homeserver: { url: `http://127.0.0.1:${ports.synapse}`, domain: "staffroom.local" },
      appservice: {
        registration_file: join(dir, "synapse", "appservice-registration.yaml"),
        bind_address: "127.0.0.1",
        port: ports.appservice,
      },
      database: { client: "sqlite3", filename: join(dir, "appservice", "staffroom.db") },
      directory: { file: join(dir, "directory.yaml") },
      meetings: { enabled: false },
      synapse: { workers: 2 },
    }),
  );
  return file;
}

async function startStack(dir: string): Promise<Stack> {
  const child = spawn(process.execPath, [join(paths.repoRoot, "scripts", "run.mjs"), "start"], {
    cwd: paths.repoRoot,
    env: {
      ...process.env,
      STAFFROOM_DATA_DIR: dir,
      STAFFROOM_CONFIG: await writeConfig(dir),
      STAFFROOM_VENV: paths.venv,
      STAFFROOM_CLIENT_PORT: String(ports.client),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/** The topology's processes under `root` by name (PostgreSQL: its postmaster). */
function topologyPids(root: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pid, cmdline] of descendants(root)) {
    const worker = /workers\/(\w+)\.yaml/.exec(cmdline)?.[1];
    if (worker) out[worker] = pid;
    else if (cmdline.includes("synapse.app.homeserver")) out.main = pid;
    else if (cmdline.startsWith("redis-server")) out.redis = pid;
    else if (cmdline.includes(`-D ${join(dataDir, "postgres", "data")}`)) out.postgres = pid;
  }
  return out;
}

const client = (path: string) => `http://127.0.0.1:${ports.client}${path}`;

async function matrix<T>(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(client(path), {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

type SyncResponse = {
  next_batch: string;
  rooms?: { join?: Record<string, { timeline?: { events?: { content?: { body?: string } }[] } }> };
};
let since: string | undefined;

/**
 * Resolves once `text` is in the room's timeline of a /sync through the web client's proxy,
 * syncing on from where the last call stopped (as a client does; an identical initial sync
 * would be answered from Synapse's response cache).
 */
function syncSees(token: string, roomId: string, text: string) {
  return waitFor(`/sync through the web client shows "${text}"`, async () => {
    const query = new URLSearchParams({ timeout: "0", ...(since ? { since } : {}) });
    const sync = await matrix<SyncResponse>("GET", `/_matrix/client/v3/sync?${query}`, token);
    since = sync.next_batch;
    const events = sync.rooms?.join?.[roomId]?.timeline?.events ?? [];
    return events.some((event) => event.content?.body === text) ? true : undefined;
  });
}

/** The sync worker the routing table gives alice's requests. */
function aliceWorker(token: string): string {
  const topology = workersTopology(2, { kind: "sockets", dir: "/s", redis: { path: "/s/r" } });
  const request = {
    path: "/_matrix/client/v3/sync",
    method: "GET",
    authorization: `Bearer ${token}`,
  };
  return processFor(topology, request).name;
}

function restartsFile(): { synapse: number; synapse_processes?: Record<string, number> } {
  return JSON.parse(readFileSync(join(dataDir, "restarts.json"), "utf8")) as ReturnType<
    typeof restartsFile
  >;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "staffroom-workers-"));
  // As root, the PostgreSQL cluster inside belongs to the postgres user, who must reach it.
  await chmod(dataDir, 0o755);
  ports = { synapse: await freePort(), appservice: await freePort(), client: await freePort() };
});

afterAll(async () => {
  // A failed test leaves its stack running: Ctrl-C it, then kill whatever is left.
  for (const child of running.filter((c) => c.exitCode === null && c.signalCode === null)) {
    await stopTree(child, 60_000);
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start with synapse.workers: 2", () => {
  it("refuses an install that ran Synapse on SQLite, naming synapse_port_db", async () => {
    const dir = await mkdtemp(join(tmpdir(), "staffroom-sqlite-"));
    try {
      await mkdir(join(dir, "synapse"));
      await writeFile(join(dir, "synapse", "homeserver.db"), "");
      const stack = await startStack(dir);
      expect(await stack.exit).toBe(1);
      const output = stack.output();
      expect(output).toContain("Synapse data is in SQLite");
      expect(output).toContain("nothing was started");
      expect(output).toContain("synapse_port_db --sqlite-database");
      expect(output).toContain("npx staffroom migrate-synapse-db");
      expect(existsSync(join(dir, "postgres"))).toBe(false);
      expect(existsSync(join(dir, "synapse", "homeserver.yaml"))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it(
    "runs every process, serves a person, restarts a killed sync worker, stops all on Ctrl-C",
    async () => {
      const stack = await startStack(dataDir);
      const started = await waitFor(
        "npm start to print 'Staffroom is running.' (or to exit)",
        () => {
          if (stack.child.exitCode !== null) return Promise.resolve("exited");
          return Promise.resolve(
            stack.output().includes("Staffroom is running.") ? "up" : undefined,
          );
        },
        { timeoutMs: 240_000, intervalMs: 250 },
      ).catch((error: unknown) => (error as Error).message);
      if (started !== "up") throw new Error(`${started}\n--- output ---\n${stack.output()}`);
      const root = stack.child.pid!;
      const before = topologyPids(root);
      expect(Object.keys(before).sort()).toEqual([...PROCESSES].sort());
      expect(Object.keys(restartsFile().synapse_processes ?? {}).sort()).toEqual(
        [...PROCESSES].sort(),
      );

      // A person signs in, sends and syncs through the web client's origin (the router).
      const logins = JSON.parse(readFileSync(join(dataDir, "demo-logins.json"), "utf8")) as {
        user_id: string;
        password: string;
      }[];
      const alice = logins.find((login) => login.user_id.startsWith("@alice:"))!;
      const { access_token: token } = await matrix<{ access_token: string }>(
        "POST",
        "/_matrix/client/v3/login",
        undefined,
        {
          type: "m.login.password",
          identifier: { type: "m.id.user", user: "alice" },
          password: alice.password,
        },
      );
      const { room_id: roomId } = await matrix<{ room_id: string }>(
        "POST",
        "/_matrix/client/v3/createRoom",
        token,
        { name: "Workers check" },
      );
      await matrix(
        "PUT",
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/w1`,
        token,
        {
          msgtype: "m.text",
          body: "hello through the workers",
        },
      );
      await syncSees(token, roomId, "hello through the workers");
      const health = await fetch(`http://127.0.0.1:${ports.appservice}/health`);
      expect(((await health.json()) as { status: string }).status).toBe("ok");

      // Alice's sync worker, killed with -9, is started again and counted; she syncs on.
      const worker = aliceWorker(token);
      const other = worker === "sync1" ? "sync2" : "sync1";
      process.kill(before[worker]!, "SIGKILL");
      await waitFor(
        `${worker} restarted by npm start`,
        () => {
          const now = topologyPids(root)[worker];
          const back = stack.output().includes(`Synapse's ${worker} worker is running again`);
          return Promise.resolve(
            back && now !== undefined && now !== before[worker] ? true : undefined,
          );
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      expect(stack.output()).toContain(`Synapse's ${worker} worker exited (killed by SIGKILL)`);
      expect(restartsFile()).toMatchObject({
        synapse: 1,
        synapse_processes: { [worker]: 1, [other]: 0, main: 0, postgres: 0 },
      });
      await matrix(
        "PUT",
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/w2`,
        token,
        {
          msgtype: "m.text",
          body: "after the restart",
        },
      );
      await syncSees(token, roomId, "after the restart");

      // Ctrl-C: every process below npm start ends (PostgreSQL's own children too).
      const all = [...descendants(root).keys()];
      expect(all.length).toBeGreaterThan(PROCESSES.length);
      stack.child.kill("SIGINT");
      expect(await stack.exit).toBe(0);
      await waitFor("every process of the stack gone", () =>
        Promise.resolve(all.every((pid) => !alive(pid)) || undefined),
      ).catch(() => {
        throw new Error(`left running: ${all.filter(alive).join(", ")}\n${stack.output()}`);
      });
      for (const port of Object.values(ports)) expect(await isPortFree(port)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});
