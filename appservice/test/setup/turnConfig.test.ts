import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  generateSecrets,
  readTemplates,
  RenderError,
  renderSynapseConfig,
  turnFromEnv,
  turnProblems,
  type SynapseRenderInput,
} from "../../src/setup/index.ts";

const templates = await readTemplates(
  fileURLToPath(new URL("../../../synapse-config", import.meta.url)),
);
const input = (turn?: SynapseRenderInput["turn"]): SynapseRenderInput => ({
  profile: "production",
  serverName: "chat.example.org",
  publicBaseUrl: "https://chat.example.org/",
  bindAddress: "0.0.0.0",
  port: 8008,
  configDir: "/config",
  dataDir: "/data",
  appserviceUrl: "http://appservice:9000",
  botLocalpart: "staffbot",
  secrets: generateSecrets(),
  log: "console",
  postgres: { host: "postgres", user: "staffroom", password: "pw", db: "synapse" },
  turn,
});
const homeserver = (i: SynapseRenderInput) =>
  parse(renderSynapseConfig(i, templates)["homeserver.yaml"]) as Record<string, unknown>;
const SECRET = "0123456789abcdef0123";

describe("TURN settings", () => {
  it("are absent from homeserver.yaml unless configured", () => {
    const hs = homeserver(input());
    expect(hs["turn_uris"]).toBeUndefined();
    expect(hs["turn_shared_secret"]).toBeUndefined();
    expect(turnFromEnv({})).toBeUndefined();
  });

  it("are read from STAFFROOM_TURN_* and rendered as Synapse's turn_* keys", () => {
    const turn = turnFromEnv({
      STAFFROOM_TURN_URIS: "turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349",
      STAFFROOM_TURN_SHARED_SECRET: SECRET,
      STAFFROOM_TURN_USER_LIFETIME: "1h",
    });
    expect(turn).toEqual({
      uris: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
      sharedSecret: SECRET,
      userLifetime: "1h",
    });
    const hs = homeserver(input(turn));
    expect(hs["turn_uris"]).toEqual(turn?.uris);
    expect(hs["turn_shared_secret"]).toBe(SECRET);
    expect(hs["turn_user_lifetime"]).toBe("1h");
    expect(hs["server_name"]).toBe("chat.example.org");
  });

  it("leave turn_user_lifetime to Synapse's default when not given", () => {
    const hs = homeserver(input({ uris: ["turn:10.0.0.5:3478"], sharedSecret: SECRET }));
    expect(hs["turn_user_lifetime"]).toBeUndefined();
  });

  it("name every bad setting, and rendering refuses them", () => {
    const bad = turnFromEnv({
      STAFFROOM_TURN_URIS: "http://turn.example.org",
      STAFFROOM_TURN_USER_LIFETIME: "soon",
    });
    expect(bad && turnProblems(bad)).toEqual([
      'STAFFROOM_TURN_URIS: "http://turn.example.org" is not a turn: or turns: URI',
      "STAFFROOM_TURN_SHARED_SECRET: missing or shorter than 16 characters",
      'STAFFROOM_TURN_USER_LIFETIME: "soon" is not a duration (e.g. 1h, 86400000)',
    ]);
    expect(() => homeserver(input(bad))).toThrow(RenderError);
    expect(turnProblems({ uris: [], sharedSecret: SECRET })).toEqual([
      "STAFFROOM_TURN_URIS: no TURN URI given",
    ]);
  });
});
