import type { MatrixClient } from "matrix-js-sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UserFacingError } from "../lib/userFacingError.ts";
import { fetchCredentials, livekitTransport } from "./groupCallSession.ts";

const OPENID = {
  access_token: "oid",
  token_type: "Bearer",
  matrix_server_name: "s.local",
  expires_in: 3600,
};

function fakeClient(transports: unknown[] | Error): MatrixClient {
  return {
    _unstable_getRTCTransports: () =>
      transports instanceof Error ? Promise.reject(transports) : Promise.resolve(transports),
    getOpenIdToken: () => Promise.resolve(OPENID),
    getSafeUserId: () => "@alice:s.local",
    getDeviceId: () => "DEV1",
  } as unknown as MatrixClient;
}

describe("livekitTransport", () => {
  it("picks the LiveKit transport Synapse advertises", async () => {
    const client = fakeClient([
      { type: "other" },
      { type: "livekit", livekit_service_url: "https://chat.example/livekit/jwt" },
    ]);
    await expect(livekitTransport(client)).resolves.toMatchObject({
      type: "livekit",
      url: "https://chat.example/livekit/jwt",
    });
  });

  it("says meetings are not set up when there is none, or the endpoint fails", async () => {
    for (const client of [fakeClient([]), fakeClient(new Error("M_UNRECOGNIZED"))]) {
      await expect(livekitTransport(client)).rejects.toEqual(
        new UserFacingError("Meetings are not set up on this server."),
      );
    }
  });
});

describe("fetchCredentials", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("asks /sfu/get with the OpenID token and this device, and returns {url, jwt}", async () => {
    const fetchMock = vi.fn(() =>
      Promise.resolve(new Response(JSON.stringify({ url: "ws://lk", jwt: "j" }), { status: 200 })),
    );
    vi.stubGlobal("fetch", fetchMock);
    const credentials = await fetchCredentials(
      fakeClient([]),
      "https://chat.example/livekit/jwt/",
      "!room",
    );
    expect(credentials).toEqual({ url: "ws://lk", jwt: "j" });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://chat.example/livekit/jwt/sfu/get");
    expect(JSON.parse(String(init.body))).toEqual({
      room: "!room",
      openid_token: OPENID,
      device_id: "DEV1",
    });
  });

  it("shows the service's reason when it refuses (e.g. not a member)", async () => {
    const refusal = { errcode: "M_FORBIDDEN", error: "@alice:s.local is not a member of !room." };
    vi.stubGlobal("fetch", () =>
      Promise.resolve(new Response(JSON.stringify(refusal), { status: 403 })),
    );
    await expect(
      fetchCredentials(fakeClient([]), "https://x/livekit/jwt", "!room"),
    ).rejects.toEqual(new UserFacingError("@alice:s.local is not a member of !room."));
  });

  it("says the service can't be reached when the request fails", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("fetch failed")));
    await expect(
      fetchCredentials(fakeClient([]), "https://x/livekit/jwt", "!room"),
    ).rejects.toEqual(
      new UserFacingError("Can't reach the meeting service. Try again in a moment."),
    );
  });
});
