/**
 * `npm start` keeps its children alive: a real start (scripts/run.mjs start, own data dir and free
 * ports), then `kill -9` of the appservice, of Synapse and of LiveKit. Each is restarted, the
 * appservice's /health counts the restarts, and a child that keeps crashing makes npm start give
 * up, stop everything and exit 1 with a message naming the child and its log.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { livekitBinDir } from "../../scripts/lib/livekitBuild.ts";
import { paths } from "../../scripts/lib/paths.ts";
import { freePort, freePortPair, isPortFree } from "../../scripts/lib/ports.ts";
import { waitFor } from "../harness/waitFor.ts";

const TEST_TIMEOUT_MS = 360_000;

let dataDir: string;
let configPath: string;
let ports: { synapse: number; appservice: number; client: number; livekit: number };
let stack: { child: ChildProcess; output: () => string; exit: Promise<number | null> };

/** The pid of the one process whose command line contains every one of `parts`. */
function pidOf(...parts: string[]): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      if (parts.every((part) => cmdline.includes(part))) return Number(entry);
    } catch {
      // The process ended while the list was read.
    }
  }
  return undefined;
}

const appservicePid = () => pidOf("appservice/src/main.ts", "--config", configPath);
const synapsePid = () => pidOf("synapse.app.homeserver", join(dataDir, "synapse"));
const livekitPid = () => pidOf(join(dataDir, "livekit", "livekit.yaml"));

type Health = {
  status: string;
  restarts?: { appservice: number; synapse: number; livekit: number };
};

async function health(): Promise<Health | undefined> {
  const response = await fetch(`http://127.0.0.1:${ports.appservice}/health`).catch(
    () => undefined,
  );
  return response?.status === 200 ? ((await response.json()) as Health) : undefined;
}

/** Kills `pid` with SIGKILL and waits until the supervisor has `name` running again as a new pid. */
async function killAndAwaitRestart(name: string, pid: () => number | undefined): Promise<void> {
  const before = pid();
  expect(before, `${name} is running`).toBeDefined();
  const restartsBefore = stack.output().split(`${name} is running again`).length;
  process.kill(before!, "SIGKILL");
  await waitFor(
    `${name} restarted by npm start`,
    () => {
      const out = stack.output();
      const now = pid();
      return Promise.resolve(
        out.split(`${name} is running again`).length > restartsBefore && now !== before
          ? true
          : undefined,
      );
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n--- output ---\n${stack.output()}`);
  });
  expect(stack.output()).toMatch(
    new RegExp(`${name} exited \\(killed by SIGKILL\\) after [\\d.]+ s up`),
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "staffroom-supervise-"));
  configPath = join(dataDir, "config.yaml");
  ports = {
    synapse: await freePort(),
    appservice: await freePort(),
    client: await freePort(),
    livekit: await freePortPair(),
  };
  await writeFile(
    configPath,
    stringify({
      homeserver: { url: `http://127.0.0.1:${ports.synapse}`, domain: "staffroom.local" },
      appservice: {
        registration_file: join(dataDir, "synapse", "appservice-registration.yaml"),
        bind_address: "127.0.0.1",
        port: ports.appservice,
      },
      database: { client: "sqlite3", filename: join(dataDir, "appservice", "staffroom.db") },
      directory: { file: join(dataDir, "directory.yaml") },
      logging: { level: "info" },
      meetings: {
        enabled: true,
        livekit: {
          url: `ws://127.0.0.1:${ports.livekit}`,
          api_url: `http://127.0.0.1:${ports.livekit}`,
          key_file: join(dataDir, "livekit", "keys.yaml"),
        },
      },
    }),
  );
  const child = spawn(process.execPath, [join(paths.repoRoot, "scripts", "run.mjs"), "start"], {
    cwd: paths.repoRoot,
    env: {
      ...process.env,
      STAFFROOM_DATA_DIR: dataDir,
      STAFFROOM_CONFIG: configPath,
      STAFFROOM_VENV: paths.venv,
      STAFFROOM_BIN_DIR: livekitBinDir(),
      STAFFROOM_CLIENT_PORT: String(ports.client),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  stack = { child, output: () => output, exit };
  await waitFor(
    "npm start to print 'Staffroom is running.'",
    () => {
      if (child.exitCode !== null) throw new Error(`start exited early:\n${output}`);
      return Promise.resolve(output.includes("Staffroom is running.") ? true : undefined);
    },
    { timeoutMs: 240_000, intervalMs: 250 },
  );
}, 300_000);

afterAll(async () => {
  if (stack?.child.exitCode === null) {
    stack.child.kill("SIGTERM");
    await stack.exit;
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start supervision", () => {
  it(
    "restarts each child killed with -9, counts it in /health, and gives up on a crash loop",
    async () => {
      expect(await health()).toMatchObject({ restarts: { appservice: 0, synapse: 0, livekit: 0 } });

      await killAndAwaitRestart("the appservice", appservicePid);
      expect(await health()).toMatchObject({ restarts: { appservice: 1, synapse: 0 } });

      await killAndAwaitRestart("Synapse", synapsePid);
      // The appservice, which stayed up, sees Synapse again and reports the restart.
      await waitFor("/health ok with one Synapse restart", async () => {
        const h = await health();
        return h?.status === "ok" && h.restarts?.synapse === 1 ? h : undefined;
      });

      await killAndAwaitRestart("LiveKit", livekitPid);
      expect(await health()).toMatchObject({ restarts: { appservice: 1, synapse: 1, livekit: 1 } });
      expect(stack.output()).toContain("restarting the appservice in 1.0 s (attempt 1)");

      // Further appservice crashes are restarted with a growing delay until the fifth within
      // two minutes (the first one above may count) makes npm start give up.
      const synapseBefore = synapsePid();
      let exited = false;
      void stack.exit.then(() => (exited = true));
      for (let kill = 0; kill < 8 && !exited; kill++) {
        const pid = appservicePid();
        if (pid === undefined) throw new Error(`no appservice to kill:\n${stack.output()}`);
        process.kill(pid, "SIGKILL");
        await waitFor(
          "the appservice back as a new process, or npm start giving up",
          () => {
            const now = appservicePid();
            return Promise.resolve(
              exited || (now !== undefined && now !== pid && stack.output().endsWith("\n"))
                ? true
                : undefined,
            );
          },
          { timeoutMs: 120_000, intervalMs: 250 },
        );
        // The new process counts as back once /health answers; wait for that before the next kill.
        if (!exited)
          await waitFor("appservice /health", async () => ((await health()) ? true : undefined), {
            timeoutMs: 60_000,
          }).catch(() => undefined);
      }
      expect(await stack.exit).toBe(1);
      expect(stack.output()).toContain("restarting the appservice in 2.0 s (attempt 2)");
      const output = stack.output();
      expect(output).toMatch(/the appservice crashed 5 times within [\d.]+ s; giving up/);
      expect(output).toContain(`log: ${join(dataDir, "appservice", "appservice.log")}`);
      expect(output).toContain("fix it, then run npm start again");
      // Everything was stopped: Synapse is gone and every port is free.
      expect(synapseBefore).toBeDefined();
      expect(synapsePid()).toBeUndefined();
      for (const port of Object.values(ports)) expect(await isPortFree(port)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});
