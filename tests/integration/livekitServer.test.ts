/**
 * livekit-server as npm start and the tests run it: built from the Go module proxy at the pinned
 * version, loopback only, rooms never auto-created. The "no Go" path disables meetings with one
 * clear reason instead of failing.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RoomServiceClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ensureLivekit, LIVEKIT_VERSION } from "../../scripts/lib/livekitBuild.ts";
import { startTestLivekit, type TestLivekit } from "../harness/livekit.ts";

describe("livekit-server", () => {
  let livekit: TestLivekit;
  beforeAll(async () => {
    livekit = await startTestLivekit();
  }, 60_000);
  afterAll(async () => {
    await livekit?.stop();
  });

  it("answers the Room Service API with the rendered keys, and refuses other keys", async () => {
    const rooms = new RoomServiceClient(livekit.apiUrl, livekit.apiKey, livekit.apiSecret);
    const created = await rooms.createRoom({ name: "probe-room", emptyTimeout: 60 });
    expect(created.name).toBe("probe-room");
    expect((await rooms.listRooms()).map((r) => r.name)).toContain("probe-room");
    const forged = new RoomServiceClient(livekit.apiUrl, livekit.apiKey, "x".repeat(43));
    await expect(forged.listRooms()).rejects.toThrow(/401|unauthorized|invalid/i);
  });

  it("runs loopback only with auto_create off", async () => {
    const config = parse(await readFile(join(livekit.dir, "livekit.yaml"), "utf8")) as {
      bind_addresses: string[];
      room: { auto_create: boolean };
      rtc: { node_ip: string; enable_loopback_candidate: boolean; ips: { includes: string[] } };
    };
    expect(config.bind_addresses).toEqual(["127.0.0.1"]);
    expect(config.room.auto_create).toBe(false);
    expect(config.rtc).toMatchObject({
      node_ip: "127.0.0.1",
      enable_loopback_candidate: true,
      ips: { includes: ["127.0.0.1/32"] },
    });
    const log = await readFile(join(livekit.dir, "livekit.log"), "utf8");
    expect(log).toContain(`"version": "${LIVEKIT_VERSION.slice(1)}"`);
    expect(log).toContain(`"nodeIP": "127.0.0.1"`);
  });
});

describe("ensureLivekit", () => {
  it("reuses a built binary of the pinned version without calling Go", async () => {
    const lines: string[] = [];
    const binDir = join(process.env.STAFFROOM_LIVEKIT_BINARY ?? "", "..");
    const result = await ensureLivekit((line) => lines.push(line), { binDir, goCommands: [] });
    expect(result).toEqual({ ok: true, binary: join(binDir, "livekit-server") });
    expect(lines).toEqual([]);
  });

  it("disables meetings with one clear reason when Go is missing", async () => {
    const binDir = await mkdtemp(join(tmpdir(), "staffroom-bin-"));
    const lines: string[] = [];
    const result = await ensureLivekit((line) => lines.push(line), {
      binDir,
      goCommands: ["/nonexistent/go"],
    });
    await rm(binDir, { recursive: true, force: true });
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^Go was not found, so livekit-server v1\.13\.5 can't be built/,
      ),
    });
    expect(lines).toEqual([]);
  });
});
