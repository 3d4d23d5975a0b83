import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  deepMerge,
  fillTemplate,
  generateSecrets,
  loadOrCreateSecrets,
  readTemplates,
  RenderError,
  renderSynapseConfig,
  type SynapseRenderInput,
} from "../../src/setup/index.ts";

const templatesDir = fileURLToPath(new URL("../../../synapse-config", import.meta.url));
const templates = await readTemplates(templatesDir);

const input = (overrides: Partial<SynapseRenderInput> = {}): SynapseRenderInput => ({
  profile: "embedded",
  serverName: "staffroom.local",
  publicBaseUrl: "http://127.0.0.1:8008/",
  bindAddress: "127.0.0.1",
  port: 8008,
  configDir: "/srv/conf",
  dataDir: "/srv/data",
  appserviceUrl: "http://127.0.0.1:9000",
  botLocalpart: "staffbot",
  secrets: generateSecrets(),
  log: { file: "/srv/data/homeserver.log" },
  ...overrides,
});

type Homeserver = Record<string, unknown> & {
  listeners: { port: number; bind_addresses: string[]; resources: { names: string[] }[] }[];
  database: { name: string; args: Record<string, unknown> };
};
const homeserver = (i: SynapseRenderInput) =>
  parse(renderSynapseConfig(i, templates)["homeserver.yaml"]) as Homeserver;

describe("renderSynapseConfig", () => {
  it("renders the embedded profile: SQLite, loopback client listener, no federation", () => {
    const i = input();
    const hs = homeserver(i);
    expect(hs.server_name).toBe("staffroom.local");
    expect(hs.database).toEqual({ name: "sqlite3", args: { database: "/srv/data/homeserver.db" } });
    expect(hs.listeners).toHaveLength(1);
    expect(hs.listeners[0]).toMatchObject({ port: 8008, bind_addresses: ["127.0.0.1"] });
    // openid: only /_matrix/federation/v1/openid/userinfo, for the LiveKit token service.
    expect(hs.listeners[0]?.resources).toEqual([{ names: ["client", "openid"], compress: false }]);
    expect(hs.trusted_key_servers).toEqual([]);
    expect(hs.presence).toEqual({ enabled: true });
    expect(hs.registration_shared_secret).toBe(i.secrets.registration_shared_secret);
    expect(hs.public_baseurl).toBe("http://127.0.0.1:8008/");
    expect(hs.extra_well_known_client_content).toEqual({ "io.element.e2ee": { default: false } });
    expect((hs.retention as { enabled: boolean }).enabled).toBe(true);
    expect(hs.bcrypt_rounds).toBeUndefined();
    // The office limits (docs/deployment.md, "Rate limits"), not Synapse's public-server defaults.
    expect(hs.rc_login).toEqual({
      address: { per_second: 1, burst_count: 150 },
      account: { per_second: 0.05, burst_count: 10 },
      failed_attempts: { per_second: 0.017, burst_count: 5 },
    });
    expect(hs.rc_message).toEqual({ per_second: 2, burst_count: 40 });
  });

  it("gives embedded and production the same office limits", () => {
    const limits = (hs: Homeserver) =>
      Object.fromEntries(Object.entries(hs).filter(([key]) => key.startsWith("rc_")));
    const embedded = limits(homeserver(input()));
    const production = limits(
      homeserver(
        input({
          profile: "production",
          postgres: { host: "db", user: "synapse", password: "pw", db: "synapse" },
        }),
      ),
    );
    expect(Object.keys(embedded).length).toBeGreaterThanOrEqual(10);
    expect(production).toEqual(embedded);
  });

  it("adds the web client proxy's own listener: a Unix socket that trusts X-Forwarded-For", () => {
    const hs = homeserver(input({ proxySocket: "/srv/data/client-proxy.sock" }));
    expect(hs.listeners).toHaveLength(2);
    // The TCP listener (appservice, standard clients) never trusts the header.
    expect(hs.listeners[0]).toMatchObject({ port: 8008, x_forwarded: false });
    expect(hs.listeners[1]).toEqual({
      path: "/srv/data/client-proxy.sock",
      mode: 0o600,
      type: "http",
      x_forwarded: true,
      resources: [{ names: ["client"], compress: false }],
    });
    expect(() => homeserver(input({ proxySocket: "relative.sock" }))).toThrow(
      /proxySocket: "relative.sock" is not an absolute path/,
    );
  });

  it("turns on MatrixRTC and advertises the LiveKit token service only when given", () => {
    const hs = homeserver(input({ livekitServiceUrl: "http://127.0.0.1:8080/livekit/jwt" }));
    expect(hs.experimental_features).toMatchObject({
      msc4143_enabled: true,
      msc4222_enabled: true,
    });
    expect(hs.max_event_delay_duration).toBe("24h");
    expect(hs.matrix_rtc).toEqual({
      transports: [{ type: "livekit", livekit_service_url: "http://127.0.0.1:8080/livekit/jwt" }],
    });
    expect(homeserver(input())).not.toHaveProperty("matrix_rtc");
    expect(() => homeserver(input({ livekitServiceUrl: "livekit/jwt" }))).toThrow(
      /livekitServiceUrl: "livekit\/jwt" is not an http\(s\) URL/,
    );
  });

  it("relaxes hashing and rate limits only in the test profile", () => {
    const hs = homeserver(input({ profile: "test" }));
    expect(hs.bcrypt_rounds).toBe(4);
    expect(hs.rc_message).toEqual({ per_second: 9999, burst_count: 9999 });
    // Every limit the office profiles set is lifted, so tests measure Staffroom.
    const embedded = homeserver(input());
    const lifted = (value: unknown): boolean =>
      typeof value === "object" && value !== null && "per_second" in value
        ? (value as { per_second: number }).per_second >= 9999
        : Object.values(value as object).every(lifted);
    for (const key of Object.keys(embedded).filter((k) => k.startsWith("rc_"))) {
      expect(lifted(hs[key]), key).toBe(true);
    }
    expect(hs.database.name).toBe("sqlite3");
  });

  it("switches the production profile to PostgreSQL", () => {
    const hs = homeserver(
      input({
        profile: "production",
        postgres: { host: "db", user: "synapse", password: 'p"w', db: "synapse" },
      }),
    );
    expect(hs.database.name).toBe("psycopg2");
    expect(hs.database.args).toMatchObject({
      host: "db",
      user: "synapse",
      password: 'p"w',
      dbname: "synapse",
    });
    // Replaced whole: SQLite's `database` file must not linger beside psycopg2's `dbname`.
    expect(hs.database.args).not.toHaveProperty("database");
    expect(hs.bcrypt_rounds).toBeUndefined();
  });

  it("writes an appservice registration with both ephemeral flags and an escaped namespace", () => {
    const i = input({ serverName: "chat.example.org" });
    const reg = parse(renderSynapseConfig(i, templates)["appservice-registration.yaml"]) as Record<
      string,
      unknown
    > & {
      namespaces: { users: { regex: string; exclusive: boolean }[]; aliases: { regex: string }[] };
    };
    expect(reg).toMatchObject({
      id: "staffroom",
      url: "http://127.0.0.1:9000",
      as_token: i.secrets.as_token,
      hs_token: i.secrets.hs_token,
      sender_localpart: "staffbot",
      rate_limited: false,
      receive_ephemeral: true,
      "de.sorunome.msc2409.push_ephemeral": true,
    });
    const userRegex = new RegExp(`^${reg.namespaces.users[0]?.regex}$`);
    expect(userRegex.test("@staffbot:chat.example.org")).toBe(true);
    expect(userRegex.test("@staffbot:chatXexample.org")).toBe(false);
    expect(
      reg.namespaces.aliases.map((a) =>
        new RegExp(`^${a.regex}$`).test("#dept-circulation:chat.example.org"),
      ),
    ).toContain(true);
  });

  it("gives the appservice the guest_* users while registration and guest access stay off", () => {
    for (const profile of ["embedded", "test"] as const) {
      const i = input({ serverName: "chat.example.org", profile });
      const files = renderSynapseConfig(i, templates);
      const hs = parse(files["homeserver.yaml"]) as Record<string, unknown>;
      expect(hs.enable_registration).toBe(false);
      expect(hs.allow_guest_access ?? false).toBe(false);
      const reg = parse(files["appservice-registration.yaml"]) as {
        namespaces: { users: { regex: string; exclusive: boolean }[] };
      };
      const guests = reg.namespaces.users.filter((u) =>
        new RegExp(`^${u.regex}$`).test("@guest_abcdefgh234567ab:chat.example.org"),
      );
      expect(guests).toEqual([{ regex: expect.any(String), exclusive: true }]);
      const guestRegex = new RegExp(`^${guests[0]?.regex}$`);
      expect(guestRegex.test("@guest_abc:other.org")).toBe(false);
      expect(guestRegex.test("@guestx:chat.example.org")).toBe(false);
      expect(reg.namespaces.users.some((u) => u.regex.includes("staffbot"))).toBe(true);
    }
  });

  it("keeps quotes and backslashes in paths intact", () => {
    const hs = homeserver(input({ dataDir: '/srv/da"ta\\x' }));
    expect(hs.media_store_path).toBe('/srv/da"ta\\x/media_store');
  });

  it("refuses bad input, listing every problem", () => {
    const bad = input({ serverName: "not a name", port: 70000, profile: "production" });
    expect(() => renderSynapseConfig(bad, templates)).toThrowError(RenderError);
    try {
      renderSynapseConfig(bad, templates);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("serverName");
      expect(message).toContain("port");
      expect(message).toContain("postgres");
    }
  });

  it("logs to the console for containers", () => {
    const log = parse(renderSynapseConfig(input({ log: "console" }), templates)["log.config"]) as {
      root: { handlers: string[] };
    };
    expect(log.root.handlers).toEqual(["console"]);
  });
});

describe("fillTemplate", () => {
  it("names every placeholder without a value", () => {
    expect(() => fillTemplate("a: {{ONE}}\nb: {{TWO}}", { ONE: "1" }, "t.yaml")).toThrowError(
      "t.yaml: no value for {{TWO}}",
    );
    expect(fillTemplate("a: {{ONE}}", { ONE: "1" }, "t.yaml")).toBe("a: 1");
  });
});

describe("deepMerge", () => {
  it("merges objects key by key and replaces arrays and scalars", () => {
    expect(deepMerge({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, e: 2 })).toEqual({
      a: { b: 1, c: [2] },
      d: 1,
      e: 2,
    });
    expect(deepMerge({ db: { a: 1, b: 2 } }, { db: { c: 3 } }, new Set(["db"]))).toEqual({
      db: { c: 3 },
    });
  });
});

describe("loadOrCreateSecrets", () => {
  it("creates secrets once and never replaces existing values", async () => {
    const dir = await mkdtemp(join(tmpdir(), "secrets-"));
    const file = join(dir, "secrets.json");
    const first = await loadOrCreateSecrets(file);
    expect(await loadOrCreateSecrets(file)).toEqual(first);
    const { form_secret: _dropped, ...partial } = first;
    await writeFile(file, JSON.stringify(partial));
    const refilled = await loadOrCreateSecrets(file);
    expect(refilled.as_token).toBe(first.as_token);
    expect(refilled.form_secret).toHaveLength(43);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(refilled);
  });

  it("explains a corrupt secrets file instead of overwriting it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "secrets-"));
    const file = join(dir, "secrets.json");
    await writeFile(file, "{not json");
    await expect(loadOrCreateSecrets(file)).rejects.toThrow(/cannot read the secrets file/);
    expect(await readFile(file, "utf8")).toBe("{not json");
  });
});
