import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { paths } from "../../scripts/lib/paths.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const env = useTestEnv({ users: ["alice", "dana"], admins: ["dana"] });

describe("Synapse ↔ appservice", () => {
  it("runs the pinned Synapse release", async () => {
    const pinned = /matrix-synapse(?:\[[a-z,]+\])?==([\d.]+)/.exec(
      readFileSync(paths.synapseRequirements, "utf8"),
    )?.[1];
    const response = await fetch(new URL("/_synapse/admin/v1/server_version", env().synapse.url));
    const { server_version } = (await response.json()) as { server_version: string };
    expect(pinned).toBeDefined();
    expect(server_version.split(" ")[0]).toBe(pinned);
  });

  it("delivers a transaction: the bot joins a room it is invited to", async () => {
    const alice = env().getUser("alice");
    const roomId = await alice.createRoom({ name: "Bot invite test", invite: [env().botUserId] });
    await alice.waitForRoomJoin({ roomId, sender: env().botUserId });
    expect(await alice.membership(roomId, env().botUserId)).toBe("join");
  });

  it("refuses a transaction signed with the wrong hs_token", async () => {
    const url = new URL("/_matrix/app/v1/transactions/wrong-token-txn", env().appserviceUrl);
    const wrong = await fetch(url, {
      method: "PUT",
      headers: { authorization: "Bearer not-the-hs-token", "content-type": "application/json" },
      body: JSON.stringify({ events: [] }),
    });
    expect(wrong.status).toBe(403);
    const right = await fetch(
      new URL("/_matrix/app/v1/transactions/right-token-txn", env().appserviceUrl),
      {
        method: "PUT",
        headers: {
          authorization: `Bearer ${env().synapse.secrets.hs_token}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ events: [] }),
      },
    );
    expect(right.status).toBe(200);
  });
});

describe("GET /api/me", () => {
  const me = (token?: string) =>
    fetch(new URL("/api/me", env().appserviceUrl), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it("answers 401 M_MISSING_TOKEN without a token", async () => {
    const response = await me();
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      errcode: "M_MISSING_TOKEN",
      error: expect.any(String),
    });
  });

  it("answers 401 M_UNKNOWN_TOKEN for a token Synapse does not know", async () => {
    const response = await me("syt_not_a_real_token");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ errcode: "M_UNKNOWN_TOKEN" });
  });

  it("identifies a real user and whether they are a directory admin", async () => {
    const alice = env().getUser("alice");
    const dana = env().getUser("dana");
    const aliceResponse = await me(alice.accessToken);
    expect(aliceResponse.status).toBe(200);
    expect(await aliceResponse.json()).toEqual({ user_id: alice.userId, is_admin: false });
    expect(await (await me(dana.accessToken)).json()).toEqual({
      user_id: dana.userId,
      is_admin: true,
    });
  });
});

describe("operations endpoints", () => {
  it("/health reports Synapse reachable", async () => {
    const response = await fetch(new URL("/health", env().appserviceUrl));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", synapse: { reachable: true } });
  });

  it("/metrics exposes staffroom_ metrics", async () => {
    const text = await (await fetch(new URL("/metrics", env().appserviceUrl))).text();
    expect(text).toMatch(/^# TYPE staffroom_\w+/m);
  });
});
