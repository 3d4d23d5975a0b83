import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config/configError.ts";
import { parseConfig } from "../src/config/loadConfig.ts";
import type { AppConfig } from "../src/config/schema.ts";
import { DirectoryError } from "../src/directory/parseDirectory.ts";
import { start, type RunningAppservice } from "../src/main.ts";
import { DIRECTORY_YAML, registrationYaml, tempDir } from "./helpers/files.ts";
import { startFakeSynapse, type FakeSynapse } from "./helpers/fakeSynapse.ts";
import { request } from "./helpers/http.ts";

const BOT = "@staffbot:staffroom.local";
const tmp = tempDir();
const lines: string[] = [];
const logSink = (line: string) => lines.push(line);
afterAll(() => tmp.remove());

function configFor(synapseUrl: string, overrides: Record<string, unknown> = {}): AppConfig {
  tmp.write("registration.yaml", registrationYaml("http://127.0.0.1:9000"));
  tmp.write("directory.yaml", DIRECTORY_YAML);
  return parseConfig(
    {
      homeserver: { url: synapseUrl, domain: "staffroom.local" },
      appservice: { registration_file: "registration.yaml" },
      database: { client: "sqlite3", filename: "data/staffroom.db" },
      directory: { file: "directory.yaml" },
      logging: { level: "debug" },
      ...overrides,
    },
    { source: "test", baseDir: tmp.dir },
  );
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("start()", () => {
  let synapse: FakeSynapse;
  let app: RunningAppservice;

  beforeAll(async () => {
    synapse = await startFakeSynapse({ asToken: "as-token", botUserId: BOT });
    synapse.users.set("alice-token", "@alice:staffroom.local");
    app = await start(configFor(synapse.url), { port: 0, logSink });
  });
  afterAll(async () => {
    await app.stop();
    await synapse.close();
  });

  it("listens on loopback and reports its URL, port and bot", () => {
    expect(app.url).toBe(`http://127.0.0.1:${app.port}`);
    expect(app.botUserId).toBe(BOT);
    expect(lines.some((l) => l.includes(`listening on ${app.url}`))).toBe(true);
  });

  it("serves /health and /api on the listening port", async () => {
    expect((await request(`${app.url}/health`)).body).toEqual({
      status: "ok",
      synapse: { reachable: true },
      // The fake Synapse has no Admin API, so the start-up sync pass cannot succeed here.
      sync: expect.objectContaining({ status: expect.any(String) }) as unknown,
    });
    const me = await request(`${app.url}/api/me`, {
      headers: { Authorization: "Bearer alice-token" },
    });
    expect(me.body).toEqual({ user_id: "@alice:staffroom.local", is_admin: false });
  });

  it("serves Matrix transactions on the same port, refusing a wrong hs_token with 403", async () => {
    const put = (token: string, txnId: string, events: unknown[]) =>
      request(`${app.url}/_matrix/app/v1/transactions/${txnId}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ events }),
      });
    const wrong = await put("not-the-hs-token", "t0", []);
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ errcode: "M_FORBIDDEN" });

    const invite = {
      type: "m.room.member",
      room_id: "!dept:staffroom.local",
      sender: "@alice:staffroom.local",
      state_key: BOT,
      event_id: "$invite",
      origin_server_ts: Date.now(),
      content: { membership: "invite" },
    };
    const ok = await put("hs-token", "t1", [invite]);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({});
    await waitFor("the bot to join", () => synapse.joins.includes("!dept:staffroom.local"));

    const metrics = String((await request(`${app.url}/metrics`)).body);
    expect(metrics).toContain('staffroom_matrix_transactions_total{outcome="accepted"} 1');
    expect(metrics).toContain('staffroom_matrix_transactions_total{outcome="rejected"} 1');
    expect(metrics).toContain('staffroom_matrix_events_total{type="m.room.member"} 1');
  });

  it("records transactions in the scrub ledger while the scrub is on; a failed record gets 500 and no handler sees it", async () => {
    const put = (txnId: string, events: unknown[]) =>
      request(`${app.url}/_matrix/app/v1/transactions/${txnId}`, {
        method: "PUT",
        headers: { Authorization: "Bearer hs-token", "Content-Type": "application/json" },
        body: JSON.stringify({ events }),
      });
    const invite = (roomId: string, eventId: string) => ({
      type: "m.room.member",
      room_id: roomId,
      sender: "@alice:staffroom.local",
      state_key: BOT,
      event_id: eventId,
      origin_server_ts: Date.now(),
      content: { membership: "invite" },
    });
    // Off: nothing is recorded.
    expect((await put("l1", [invite("!off:staffroom.local", "$off")])).status).toBe(200);
    expect(await app.db("scrub_ledger").where({ event_id: "$off" })).toEqual([]);

    await app.db("settings").insert({ key: "scrub_days", value: "30", updated_at: new Date() });
    try {
      await app.db.raw("ALTER TABLE scrub_ledger RENAME TO scrub_ledger_away");
      const refused = await put("l2", [invite("!ledger:staffroom.local", "$on")]);
      expect(refused.status).toBe(500);
      expect(refused.body).toMatchObject({ errcode: "M_UNKNOWN" });
      await app.db.raw("ALTER TABLE scrub_ledger_away RENAME TO scrub_ledger");
      expect(synapse.joins).not.toContain("!ledger:staffroom.local");
      // Synapse sends the same transaction again.
      expect((await put("l2", [invite("!ledger:staffroom.local", "$on")])).status).toBe(200);
      await waitFor("the bot to join", () => synapse.joins.includes("!ledger:staffroom.local"));
      expect(await app.db("scrub_ledger").where({ event_id: "$on" }).select("room_id")).toEqual([
        { room_id: "!ledger:staffroom.local" },
      ]);
    } finally {
      await app.db("settings").where({ key: "scrub_days" }).delete();
    }
  });

  it("answers unknown appservice paths and the spec ping as JSON, after the token check", async () => {
    const anonymous = await request(`${app.url}/_matrix/app/v1/nothing`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ errcode: "M_UNAUTHORIZED" });
    const unknown = await request(`${app.url}/_matrix/app/v1/nothing?access_token=hs-token`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ errcode: "M_UNRECOGNIZED" });
    const ping = await request(`${app.url}/_matrix/app/v1/ping`, {
      method: "POST",
      headers: { Authorization: "Bearer hs-token", "Content-Type": "application/json" },
      body: JSON.stringify({ transaction_id: "p1" }),
    });
    expect(ping.status).toBe(200);
  });

  it("migrated the database", async () => {
    expect(await app.db.schema.hasTable("audit_log")).toBe(true);
  });

  it("reloads the directory, keeping the old one when the new file is invalid", async () => {
    tmp.write("directory.yaml", "operators:\n  - user_id: nobody\n");
    expect(await app.reload()).toEqual({ directoryReloaded: false, restartRequired: [] });
    const next = configFor(synapse.url, {
      logging: { level: "info" },
      api: { whoami_cache_seconds: 1 },
    });
    // configFor() rewrote directory.yaml with the valid sample; now make Alice an admin.
    tmp.write(
      "directory.yaml",
      DIRECTORY_YAML.replace('@dana:staffroom.local"]', '@alice:staffroom.local"]'),
    );
    expect(await app.reload(next)).toEqual({
      directoryReloaded: true,
      restartRequired: ["api.whoami_cache_seconds"],
    });
    const me = await request(`${app.url}/api/me`, {
      headers: { Authorization: "Bearer alice-token" },
    });
    expect(me.body).toEqual({ user_id: "@alice:staffroom.local", is_admin: true });
  });
});

describe("start() failures and stop()", () => {
  const freePort = async (): Promise<number> => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  };

  it("refuses a missing registration file with a ConfigError and starts nothing", async () => {
    const port = await freePort();
    const config = configFor("http://127.0.0.1:1");
    const broken = {
      ...config,
      appservice: { ...config.appservice, registration_file: `${tmp.dir}/none.yaml`, port },
    };
    await expect(start(broken, { logSink })).rejects.toBeInstanceOf(ConfigError);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it("refuses an invalid directory with a DirectoryError", async () => {
    const config = configFor("http://127.0.0.1:1");
    tmp.write(
      "bad-directory.yaml",
      "operators: []\ndepartments:\n  - {id: a, name: A, members: ['@x:staffroom.local']}\n",
    );
    const broken = { ...config, directory: { file: `${tmp.dir}/bad-directory.yaml` } };
    const error = await start(broken, { port: 0, logSink }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect((error as DirectoryError).message).toContain("departments[0].members[0]");
  });

  it("reports 503 degraded health while Synapse is down, and stop() is idempotent", async () => {
    const app = await start(configFor(`http://127.0.0.1:${await freePort()}`), {
      port: 0,
      logSink,
    });
    const health = await request(`${app.url}/health`);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: "degraded", synapse: { reachable: false } });
    await Promise.all([app.stop(), app.stop()]);
    await app.stop();
    await expect(fetch(`${app.url}/health`)).rejects.toThrow();
  });
});
