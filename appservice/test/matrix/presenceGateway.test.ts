import { describe, expect, it } from "vitest";
import { makeBotHttp } from "../../src/matrix/botHttp.ts";
import { makePresenceGateway } from "../../src/matrix/presenceGateway.ts";

// A homeserver that answers presence for @alice and refuses everyone else, counting requests.
function fakeSynapse() {
  const requests: string[] = [];
  const fetchImpl: typeof fetch = (input) => {
    const url = new URL(String(input));
    requests.push(decodeURIComponent(url.pathname));
    if (url.pathname.includes(encodeURIComponent("@alice:s.local"))) {
      return Promise.resolve(
        Response.json({ presence: "online", last_active_ago: 50, currently_active: true }),
      );
    }
    if (url.pathname.includes(encodeURIComponent("@odd:s.local"))) {
      return Promise.resolve(Response.json({ presence: "busy-ish" }));
    }
    return Promise.resolve(
      Response.json({ errcode: "M_FORBIDDEN", error: "not visible" }, { status: 403 }),
    );
  };
  const http = makeBotHttp({
    baseUrl: "http://synapse.test",
    asToken: "as",
    botUserId: "@staffbot:s.local",
    fetch: fetchImpl,
    backoffMs: 1,
  });
  return { http, requests };
}

describe("presence gateway", () => {
  it("reports Synapse's presence and caches it for the TTL", async () => {
    const { http, requests } = fakeSynapse();
    let now = 0;
    const presence = makePresenceGateway(http, { ttlMs: 5000, now: () => now });
    const expected = { presence: "online", lastActiveAgo: 50, currentlyActive: true };
    expect(await presence.presenceOf("@alice:s.local")).toEqual(expected);
    now = 4999;
    expect(await presence.presenceOf("@alice:s.local")).toEqual(expected);
    expect(requests).toHaveLength(1);
    now = 5000;
    await presence.presenceOf("@alice:s.local");
    expect(requests).toEqual([
      "/_matrix/client/v3/presence/@alice:s.local/status",
      "/_matrix/client/v3/presence/@alice:s.local/status",
    ]);
  });

  it("answers unknown for a refused user or an unrecognised state, never throws", async () => {
    const { http } = fakeSynapse();
    const presence = makePresenceGateway(http);
    expect(await presence.presenceOf("@bob:s.local")).toEqual({ presence: "unknown" });
    expect(await presence.presenceOf("@odd:s.local")).toEqual({ presence: "unknown" });
  });
});
