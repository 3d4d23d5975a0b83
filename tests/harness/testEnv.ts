/**
 * The integration-test environment (hookshot's `createTestEnv`, without Docker): one real Synapse
 * per test file, the appservice started in-process against it, and registered test users.
 *
 * ```ts
 * const env = useTestEnv({ users: ["alice"], admins: ["alice"] });
 * it("…", async () => { const alice = env().getUser("alice"); … });
 * ```
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import { stringify } from "yaml";
import { loadConfig, start, type RunningAppservice } from "@staffroom/appservice";
import {
  ensureBotIsAdmin,
  registerWithSharedSecret,
  type TurnSettings,
} from "@staffroom/appservice/setup";
import { freePort } from "../../scripts/lib/ports.ts";
import { MatrixTestClient } from "./matrixTestClient.ts";
import { startTestPostgres, synapseDatabaseSection, type TestPostgres } from "./postgres.ts";
import { startTestLivekit, type TestLivekit } from "./livekit.ts";
import { startTestSynapse, type TestSynapse } from "./synapse.ts";

/** What a test file asks for. */
export type TestEnvOptions<U extends string> = {
  /** Localparts to register (all become directory operators). */
  users: readonly U[];
  /** Localparts that are directory admins. */
  admins?: readonly U[];
  /** The appservice's database: SQLite in the temp dir (default) or a throwaway PostgreSQL. */
  database?: "sqlite" | "postgres";
  /** Departments written into the directory file (members and admins as localparts). */
  departments?: readonly TestDepartment<U>[];
  /**
   * Group meetings: a real livekit-server on free ports, the appservice's token service on
   * (meetings.enabled) and Synapse advertising it (`<appservice>/livekit/jwt`).
   */
  livekit?: boolean;
  /**
   * The appservice config's `meetings` section, asked for when the environment starts (so it
   * can name servers that earlier hooks started, such as LiveKit or a mail sink).
   */
  meetings?: () => Record<string, unknown>;
  /** TURN settings Synapse hands out (`turn_uris`, …), asked for when the environment starts. */
  turn?: () => TurnSettings;
  /** Synapse's profile: `test` (default, no rate limits) or `embedded` (the real limits). */
  synapseProfile?: "test" | "embedded";
  /** Synapse's own database: SQLite (default) or a throwaway PostgreSQL (psycopg2). */
  synapseDatabase?: "sqlite" | "postgres";
  /** Synapse's workers topology with this many sync workers (PostgreSQL and Redis of its own). */
  synapseWorkers?: number;
  /** homeserver.yaml sections replacing the rendered ones (see startTestSynapse). */
  homeserverOverrides?: Record<string, unknown>;
};

/** A department of the test directory. */
export type TestDepartment<U extends string> = {
  id: string;
  name: string;
  topic?: string;
  members: readonly U[];
  admins?: readonly U[];
};

/** A running environment. */
export type TestEnv<U extends string> = {
  synapse: TestSynapse;
  appserviceUrl: string;
  botUserId: string;
  serverName: string;
  configPath: string;
  /** The staff directory file the appservice watches; rewrite it to change the org. */
  directoryPath: string;
  /** The in-process appservice (reload, onDirectoryChanged, db). */
  appservice: RunningAppservice;
  /** The LiveKit server, when `livekit: true` was asked for. */
  livekit: TestLivekit | undefined;
  getUser(localpart: U): MatrixTestClient;
  /** Passwords of the registered users (for UI logins). */
  passwordOf(localpart: U): string;
  tearDown(): Promise<void>;
};

/** Starts Synapse, makes the bot admin, registers users, writes a directory and starts the appservice. */
export async function createTestEnv<U extends string>(
  opts: TestEnvOptions<U>,
): Promise<TestEnv<U>> {
  const appservicePort = await freePort();
  const appserviceUrl = `http://127.0.0.1:${appservicePort}`;
  const livekit = opts.livekit ? await startTestLivekit() : undefined;
  // One cluster for Synapse and the appservice when both are on PostgreSQL.
  let postgres: TestPostgres | undefined;
  const synapse = await (async () => {
    if (opts.synapseDatabase === "postgres") postgres = await startTestPostgres();
    return startTestSynapse({
      appserviceUrl,
      livekitServiceUrl: livekit ? `${appserviceUrl}/livekit/jwt` : undefined,
      turn: opts.turn?.(),
      profile: opts.synapseProfile,
      workers: opts.synapseWorkers,
      homeserverOverrides: {
        ...(postgres ? { database: await synapseDatabaseSection(postgres) } : {}),
        ...opts.homeserverOverrides,
      },
    });
  })().catch(async (error: unknown) => {
    await livekit?.stop();
    await postgres?.stop();
    throw error;
  });
  const dir = await mkdtemp(join(tmpdir(), "staffroom-as-"));
  let stopAppservice: (() => Promise<void>) | undefined;
  const tearDown = async () => {
    await stopAppservice?.();
    await synapse.stop();
    await livekit?.stop();
    await postgres?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await ensureBotIsAdmin({
      homeserverUrl: synapse.url,
      serverName: synapse.serverName,
      asToken: synapse.secrets.as_token,
      botLocalpart: synapse.botLocalpart,
      sharedSecret: synapse.secrets.registration_shared_secret,
      displayName: "Staffroom",
    });
    const users = new Map<U, { client: MatrixTestClient; password: string }>();
    for (const localpart of opts.users) {
      const password = `pw-${localpart}-${Math.random().toString(36).slice(2)}`;
      const registered = await registerWithSharedSecret({
        homeserverUrl: synapse.url,
        sharedSecret: synapse.secrets.registration_shared_secret,
        username: localpart,
        password,
      });
      users.set(localpart, {
        client: new MatrixTestClient(synapse.url, registered.user_id, registered.access_token),
        password,
      });
    }
    const mxid = (localpart: string) => `@${localpart}:${synapse.serverName}`;
    const directoryPath = join(dir, "directory.yaml");
    await writeFile(
      directoryPath,
      stringify({
        operators: opts.users.map((u) => ({ user_id: mxid(u), display_name: u })),
        departments: (opts.departments ?? []).map((d) => ({
          id: d.id,
          name: d.name,
          ...(d.topic === undefined ? {} : { topic: d.topic }),
          members: d.members.map(mxid),
          ...(d.admins === undefined ? {} : { admins: d.admins.map(mxid) }),
        })),
        admins: (opts.admins ?? []).map(mxid),
      }),
    );
    if (opts.database === "postgres") postgres ??= await startTestPostgres();
    const database = postgres
      ? { client: "pg", connection: await postgres.createDatabase("staffroom") }
      : { client: "sqlite3", filename: join(dir, "staffroom.db") };
    const configPath = join(dir, "config.yaml");
    await writeFile(
      configPath,
      stringify({
        homeserver: { url: synapse.url, domain: synapse.serverName },
        appservice: {
          registration_file: synapse.registrationPath,
          bind_address: "127.0.0.1",
          port: appservicePort,
        },
        database,
        directory: { file: directoryPath },
        logging: { level: process.env.STAFFROOM_TEST_LOG_LEVEL ?? "warn" },
        ...meetingsSection(livekit, opts.meetings),
      }),
    );
    const running = await start(await loadConfig(configPath));
    stopAppservice = () => running.stop();
    return {
      synapse,
      appserviceUrl,
      botUserId: mxid(synapse.botLocalpart),
      serverName: synapse.serverName,
      configPath,
      directoryPath,
      appservice: running,
      livekit,
      getUser(localpart) {
        const user = users.get(localpart);
        if (!user) throw new Error(`test user "${localpart}" was not requested in createTestEnv`);
        return user.client;
      },
      passwordOf(localpart) {
        const user = users.get(localpart);
        if (!user) throw new Error(`test user "${localpart}" was not requested in createTestEnv`);
        return user.password;
      },
      tearDown,
    };
  } catch (error) {
    const log = synapse.logTail(30);
    await tearDown();
    throw new Error(
      `test environment failed to start: ${(error as Error).message}\n--- Synapse log ---\n${log}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Registers vitest hooks for one environment per test file: set up before all tests, torn down
 * after, and Synapse's log printed after any failing test. Returns an accessor.
 */
export function useTestEnv<U extends string>(opts: TestEnvOptions<U>): () => TestEnv<U> {
  let env: TestEnv<U> | undefined;
  beforeAll(async () => {
    env = await createTestEnv(opts);
  }, 180_000);
  afterEach((context) => {
    if (context.task.result?.state === "fail" && env) {
      console.error(`--- Synapse log (${env.synapse.logFile}) ---\n${env.synapse.logTail(60)}`);
    }
  });
  afterAll(async () => {
    await env?.tearDown();
  }, 60_000);
  return () => {
    if (!env) throw new Error("the test environment is not set up (did beforeAll fail?)");
    return env;
  };
}

// The appservice's `meetings` section: the harness's LiveKit (livekit: true), then whatever
// the file asked for (meetings: () => …) on top.
function meetingsSection(
  livekit: TestLivekit | undefined,
  extra: (() => Record<string, unknown>) | undefined,
): { meetings?: Record<string, unknown> } {
  const meetings = {
    ...(livekit
      ? {
          enabled: true,
          livekit: {
            url: livekit.wsUrl,
            api_url: livekit.apiUrl,
            api_key: livekit.apiKey,
            api_secret: livekit.apiSecret,
          },
        }
      : {}),
    ...extra?.(),
  };
  return Object.keys(meetings).length === 0 ? {} : { meetings };
}
