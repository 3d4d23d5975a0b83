import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { registerWithSharedSecret } from "@staffroom/appservice/setup";
import { useTestEnv } from "../harness/testEnv.ts";

// The rate limits people run with (the embedded profile; production renders the same ones, see
// renderSynapseConfig.test.ts) against a real Synapse, from one address, as an office meets
// them at opening time. Password hashing is cheap here (bcrypt_rounds is not a rate limit) so
// the wave measures the limits, not this machine's CPU.

type User = "alice" | "bob";
const env = useTestEnv<User>({
  users: ["alice", "bob"],
  departments: [{ id: "desk", name: "Desk", members: ["alice", "bob"] }],
  synapseProfile: "embedded",
  homeserverOverrides: { bcrypt_rounds: 4 },
});

const WAVE = 100;

async function login(user: string, password: string): Promise<Response> {
  return fetch(new URL("/_matrix/client/v3/login", env().synapse.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "m.login.password",
      identifier: { type: "m.id.user", user },
      password,
    }),
  });
}

/** Sends as `token`, returning the HTTP status (429 = refused by a limit). */
async function send(token: string, roomId: string, type: string, content: object) {
  const txn = `t${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${type}/${txn}`;
  const response = await fetch(new URL(path, env().synapse.url), {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(content),
  });
  return response.status;
}

async function allStaffRoom(): Promise<string> {
  const alias = encodeURIComponent(`#all-staff:${env().serverName}`);
  const alice = env().getUser("alice");
  const { room_id: roomId } = await alice.request<{ room_id: string }>(
    "GET",
    `/_matrix/client/v3/directory/room/${alias}`,
  );
  await alice.waitForRoomJoin({ roomId, sender: alice.userId, timeoutMs: 30_000 });
  return roomId;
}

/** GET over a Unix socket (the web client proxy's listener), with extra headers. */
function getOverSocket(socketPath: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ socketPath, path, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("office rate limits (embedded profile)", () => {
  it("lets 100 staff sign in from one address within a minute", async () => {
    const staff = await Promise.all(
      Array.from({ length: WAVE }, async (_, i) => {
        const username = `wave${String(i).padStart(3, "0")}`;
        const password = `pw-${username}`;
        await registerWithSharedSecret({
          homeserverUrl: env().synapse.url,
          sharedSecret: env().synapse.secrets.registration_shared_secret,
          username,
          password,
        });
        return { username, password };
      }),
    );
    const started = Date.now();
    const statuses: number[] = [];
    // Ten at a time, the way people arrive: all from 127.0.0.1.
    for (let i = 0; i < staff.length; i += 10) {
      const batch = staff.slice(i, i + 10);
      statuses.push(
        ...(await Promise.all(batch.map((s) => login(s.username, s.password)))).map(
          (r) => r.status,
        ),
      );
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it("still stops password guessing: 5 wrong passwords, then the account waits", async () => {
    const victim = "alice";
    const wrong: number[] = [];
    for (let i = 0; i < 6; i++) wrong.push((await login(victim, `guess-${i}`)).status);
    expect(wrong.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(wrong[5]).toBe(429);
    const refused = (await (await login(victim, `guess-6`)).json()) as Record<string, unknown>;
    expect(refused.errcode).toBe("M_LIMIT_EXCEEDED");
    // About a minute before the next guess is even looked at.
    expect(Number(refused.retry_after_ms)).toBeGreaterThan(30_000);
    // Nobody else on that address is locked out by it.
    expect((await login("bob", env().passwordOf("bob"))).status).toBe(200);
  });

  it("takes 10 messages in 10 s, then one a second for a minute, without a refusal", async () => {
    const roomId = await allStaffRoom();
    const token = env().getUser("alice").accessToken;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(
        await send(token, roomId, "m.room.message", { msgtype: "m.text", body: `quick ${i}` }),
      );
    }
    // A call's signalling and a reaction on top, the way a 1:1 screenshare starts.
    const callId = `call-${Date.now()}`;
    const call = { call_id: callId, party_id: "p1", version: "1" };
    statuses.push(
      await send(token, roomId, "m.call.invite", {
        ...call,
        lifetime: 60_000,
        offer: { type: "offer", sdp: "v=0" },
      }),
    );
    for (let i = 0; i < 5; i++) {
      statuses.push(
        await send(token, roomId, "m.call.candidates", {
          ...call,
          candidates: [
            {
              candidate: `candidate:${i} 1 udp 1 127.0.0.1 ${9000 + i} typ host`,
              sdpMid: "0",
              sdpMLineIndex: 0,
            },
          ],
        }),
      );
    }
    for (let i = 0; i < 60; i++) {
      const tick = Date.now();
      statuses.push(
        await send(token, roomId, "m.room.message", { msgtype: "m.text", body: `steady ${i}` }),
      );
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - tick))));
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 120_000);

  it("trusts X-Forwarded-For only on the web client proxy's own listener", async () => {
    const bob = env().getUser("bob");
    const auth = { authorization: `Bearer ${bob.accessToken}` };
    const whoami = "/_matrix/client/v3/account/whoami";
    // Straight to the TCP listener (the appservice, standard clients): the header is ignored.
    await fetch(new URL(whoami, env().synapse.url), {
      headers: { ...auth, "x-forwarded-for": "203.0.113.7" },
    });
    // Through the proxy's socket: the address the proxy names is the client's.
    const socket = env().synapse.proxySocket;
    if (socket === undefined) throw new Error("this test's Synapse has no proxy socket");
    const viaSocket = await getOverSocket(socket, whoami, {
      ...auth,
      "x-forwarded-for": "198.51.100.23",
    });
    expect(viaSocket.status).toBe(200);
    const admin = await registerWithSharedSecret({
      homeserverUrl: env().synapse.url,
      sharedSecret: env().synapse.secrets.registration_shared_secret,
      username: "limitsadmin",
      password: "pw-limitsadmin",
      admin: true,
    });
    const whois = await fetch(
      new URL(`/_synapse/admin/v1/whois/${encodeURIComponent(bob.userId)}`, env().synapse.url),
      { headers: { authorization: `Bearer ${admin.access_token}` } },
    );
    const ips = JSON.stringify(await whois.json());
    expect(ips).toContain("198.51.100.23");
    expect(ips).not.toContain("203.0.113.7");
  });
});
