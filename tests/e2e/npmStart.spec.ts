/**
 * `npm start` as a newcomer runs it: the real start script (scripts/run.mjs start) brings up
 * Synapse, the appservice and the client, seeds the demo org, lets a demo user sign in through
 * Chromium, refuses a second instance, stops every child on Ctrl-C, and starts again quickly.
 * It runs beside any stack already running on this machine: its own data dir and free ports.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { livekitBinDir } from "../../scripts/lib/livekitBuild.ts";
import { paths } from "../../scripts/lib/paths.ts";
import { freePort, freePortPair, isPortFree } from "../../scripts/lib/ports.ts";
import { launchBrowser } from "../harness/browser.ts";
import { waitFor } from "../harness/waitFor.ts";

// A cold start builds the client (and, on a machine without the harness's build, LiveKit):
// longer than the e2e default on a busy 2-core machine.
const START_TEST_TIMEOUT_MS = 300_000;

type Ports = { synapse: number; appservice: number; client: number; livekit: number };
type Started = { child: ChildProcess; output: () => string; exit: Promise<number | null> };

let dataDir: string;
let configPath: string;
let ports: Ports;
const running: ChildProcess[] = [];

function startStack(overrides: { dataDir?: string; configPath?: string } = {}): Started {
  const child = spawn(process.execPath, [join(paths.repoRoot, "scripts", "run.mjs"), "start"], {
    cwd: paths.repoRoot,
    env: {
      ...process.env,
      STAFFROOM_DATA_DIR: overrides.dataDir ?? dataDir,
      STAFFROOM_CONFIG: overrides.configPath ?? configPath,
      STAFFROOM_VENV: paths.venv,
      // The livekit-server the test harness built (the same pinned version): no second build.
      STAFFROOM_BIN_DIR: livekitBinDir(),
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

async function waitUntilRunning(stack: Started, timeoutMs: number): Promise<void> {
  await waitFor(
    "npm start to print 'Staffroom is running.'",
    async () => {
      if (stack.child.exitCode !== null) throw new Error(`start exited early:\n${stack.output()}`);
      return stack.output().includes("Staffroom is running.") ? true : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n--- output ---\n${stack.output()}`);
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "staffroom-start-"));
  configPath = join(dataDir, "config.yaml");
  ports = {
    synapse: await freePort(),
    appservice: await freePort(),
    client: await freePort(),
    // LiveKit also takes the next port up (ICE/TCP).
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
});

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start refuses bad set-ups before starting anything", () => {
  it("lists every bad key of an invalid config and starts nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "staffroom-badconfig-"));
    const badConfig = join(dir, "config.yaml");
    await writeFile(
      badConfig,
      stringify({
        homeserver: { url: "not a url", domain: "staffroom.local" },
        appservice: { registration_file: "reg.yaml", port: "9000" },
        directory: { file: "directory.yaml" },
        colour: "blue",
      }),
    );
    const stack = startStack({ dataDir: dir, configPath: badConfig });
    expect(await stack.exit).toBe(1);
    const output = stack.output();
    expect(output).toContain("nothing was started");
    for (const path of ["homeserver.url", "appservice.port", "colour"])
      expect(output).toContain(path);
    expect(existsSync(join(dir, "synapse", "homeserver.yaml"))).toBe(false);
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ["web client", () => ports.client],
    ["LiveKit", () => ports.livekit],
  ])("names a busy port (%s) and what to do", async (what, port) => {
    const dir = await mkdtemp(join(tmpdir(), "staffroom-busyport-"));
    const blocker = createServer().listen(port(), "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    try {
      const stack = startStack({ dataDir: dir });
      expect(await stack.exit).toBe(1);
      expect(stack.output()).toContain(`port ${port()} (${what}) on 127.0.0.1 is already in use`);
      expect(stack.output()).toContain("Stop the program using it");
      expect(existsSync(join(dir, "synapse", "homeserver.yaml"))).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("npm start", () => {
  it(
    "brings the stack up, seeds the demo org and lets a demo user sign in",
    async () => {
      const stack = startStack();
      await waitUntilRunning(stack, 240_000);

      const logins = JSON.parse(readFileSync(join(dataDir, "demo-logins.json"), "utf8")) as {
        user_id: string;
        password: string;
        admin: boolean;
      }[];
      expect(logins.map((l) => l.user_id)).toEqual(
        expect.arrayContaining([
          "@alice:staffroom.local",
          "@bob:staffroom.local",
          "@carol:staffroom.local",
        ]),
      );
      expect(logins.filter((l) => l.admin)).toHaveLength(1);
      for (const login of logins) expect(login.password.length).toBeGreaterThanOrEqual(12);
      expect(stack.output()).toContain(logins[0]!.password);
      expect(existsSync(join(dataDir, "directory.yaml"))).toBe(true);

      const health = await fetch(`http://127.0.0.1:${ports.appservice}/health`);
      expect(health.status).toBe(200);
      const versions = await fetch(`http://127.0.0.1:${ports.client}/_matrix/client/versions`);
      expect(versions.status).toBe(200);
      // Group meetings: LiveKit runs, and the client's origin reaches the token service.
      expect(stack.output()).toContain(`LiveKit      ws://127.0.0.1:${ports.livekit}`);
      expect((await fetch(`http://127.0.0.1:${ports.livekit}/`)).status).toBe(200);
      const tokens = await fetch(`http://127.0.0.1:${ports.client}/livekit/jwt/healthz`);
      expect(tokens.status).toBe(200);

      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${ports.client}`);
        const alice = logins.find((l) => l.user_id.startsWith("@alice:"))!;
        await page.getByLabel("Username").fill("alice");
        await page.getByLabel("Password").fill(alice.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 30_000 });
        await page.getByText(alice.user_id).waitFor();
      } finally {
        await browser.close();
      }

      // A second start while this one runs says so and changes nothing.
      const second = startStack();
      expect(await second.exit).toBe(1);
      expect(second.output()).toContain("already running");

      // Ctrl-C stops every child: all their ports are free again.
      stack.child.kill("SIGINT");
      expect(await stack.exit).toBe(0);
      for (const port of Object.values(ports)) expect(await isPortFree(port)).toBe(true);
    },
    START_TEST_TIMEOUT_MS,
  );

  it(
    "starts again without re-seeding, keeping the same demo logins",
    async () => {
      const before = readFileSync(join(dataDir, "demo-logins.json"), "utf8");
      const stack = startStack();
      await waitUntilRunning(stack, 120_000);
      expect(stack.output()).not.toContain("seeded the demo organisation");
      expect(readFileSync(join(dataDir, "demo-logins.json"), "utf8")).toBe(before);
      stack.child.kill("SIGTERM");
      expect(await stack.exit).toBe(0);
      for (const port of Object.values(ports)) expect(await isPortFree(port)).toBe(true);
    },
    START_TEST_TIMEOUT_MS,
  );
});
