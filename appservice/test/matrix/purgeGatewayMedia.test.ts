import { describe, expect, it } from "vitest";
import { MatrixApiError, type BotHttp } from "../../src/matrix/botHttp.ts";
import { makePurgeGateway } from "../../src/matrix/purgeGateway.ts";

/** A BotHttp that records what it was asked and answers with `answer`. */
function recording(answer: (path: string) => unknown = () => ({})) {
  const calls: string[] = [];
  const http: BotHttp = {
    botUserId: "@staffbot:x",
    request: <T>(method: string, path: string) => {
      calls.push(`${method} ${path}`);
      const result = answer(path);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result as T);
    },
    counts: () => ({ reads: 0, writes: 0, retries: 0 }),
    resetCounts: () => undefined,
  };
  return { http, calls };
}

describe("the purge gateway's media deletions", () => {
  it("go to the media repository's client (Synapse's media worker) when there is one", async () => {
    const main = recording();
    const media = recording();
    const gateway = makePurgeGateway(main.http, { serverName: "x", mediaHttp: media.http });
    expect(await gateway.deleteMedia("mxc://x/abc")).toBe("gone");
    expect(media.calls).toEqual(["DELETE /_synapse/admin/v1/media/x/abc"]);
    expect(main.calls).toEqual([]);
  });

  it("go to the one homeserver client otherwise, and leave other servers' media alone", async () => {
    const main = recording();
    const gateway = makePurgeGateway(main.http, { serverName: "x" });
    expect(await gateway.deleteMedia("mxc://x/abc")).toBe("gone");
    expect(await gateway.deleteMedia("mxc://elsewhere/def")).toBe("remote");
    expect(main.calls).toEqual(["DELETE /_synapse/admin/v1/media/x/abc"]);
  });

  it("takes a 404 as already gone and passes other failures on", async () => {
    const missing = recording(() => new MatrixApiError("not found", 404, "M_NOT_FOUND"));
    const gateway = makePurgeGateway(missing.http, { serverName: "x" });
    expect(await gateway.deleteMedia("mxc://x/abc")).toBe("gone");
    const down = recording(() => new MatrixApiError("bad gateway", 502, undefined));
    await expect(
      makePurgeGateway(down.http, { serverName: "x" }).deleteMedia("mxc://x/abc"),
    ).rejects.toThrow();
  });
});
