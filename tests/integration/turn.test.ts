/**
 * TURN for 1:1 calls on a real Synapse: with the settings `render-config` reads from
 * STAFFROOM_TURN_*, Synapse hands signed-in clients short-lived TURN credentials
 * (`GET /voip/turnServer`, what matrix-js-sdk asks before a call); without them it hands out
 * nothing and calls use host candidates only (enough on one LAN).
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerWithSharedSecret } from "@staffroom/appservice/setup";
import { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { startTestSynapse, type TestSynapse } from "../harness/synapse.ts";

const SECRET = "turn-secret-for-tests-0123456789";
const URIS = ["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"];
let withTurn: TestSynapse;
let withoutTurn: TestSynapse;

async function signedIn(synapse: TestSynapse): Promise<MatrixTestClient> {
  const registered = await registerWithSharedSecret({
    homeserverUrl: synapse.url,
    sharedSecret: synapse.secrets.registration_shared_secret,
    username: "alice",
    password: "pw-alice-turn",
  });
  return new MatrixTestClient(synapse.url, registered.user_id, registered.access_token);
}

beforeAll(async () => {
  // No appservice here: transactions to this URL just fail, which these checks never need.
  [withTurn, withoutTurn] = await Promise.all([
    startTestSynapse({
      appserviceUrl: "http://127.0.0.1:9",
      turn: { uris: URIS, sharedSecret: SECRET, userLifetime: "1h" },
    }),
    startTestSynapse({ appserviceUrl: "http://127.0.0.1:9" }),
  ]);
}, 120_000);

afterAll(async () => {
  await withTurn?.stop();
  await withoutTurn?.stop();
});

describe("TURN settings on Synapse", () => {
  it("hands out time-limited credentials signed with the shared secret", async () => {
    const alice = await signedIn(withTurn);
    const before = Math.floor(Date.now() / 1000);
    const turn = await alice.request<{
      uris: string[];
      username: string;
      password: string;
      ttl: number;
    }>("GET", "/_matrix/client/v3/voip/turnServer");
    expect(turn.uris).toEqual(URIS);
    expect(turn.ttl).toBe(3600);
    // coturn's use-auth-secret scheme: username "<expiry>:<user>", password HMAC-SHA1 of it.
    const [expiry, user] = turn.username.split(/:(.*)/s);
    expect(user).toBe(alice.userId);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 3600);
    expect(turn.password).toBe(createHmac("sha1", SECRET).update(turn.username).digest("base64"));
  });

  it("hands out nothing when TURN is not configured", async () => {
    const alice = await signedIn(withoutTurn);
    expect(await alice.request("GET", "/_matrix/client/v3/voip/turnServer")).toEqual({});
  });
});
