/**
 * A throwaway livekit-server for one test file: the binary built by the global setup
 * (scripts/lib/livekitBuild.ts), the same config renderer as `npm start`, free loopback ports.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomToken } from "@staffroom/appservice/setup";
import { startLivekit, type LivekitProcess } from "../../scripts/lib/livekitProcess.ts";
import { freePort } from "../../scripts/lib/ports.ts";

/** UDP media ports of test servers: apart from npm start's 50100-50200. */
const TEST_UDP_RANGE: [number, number] = [50300, 50500];

/** A running test LiveKit with its credentials. */
export type TestLivekit = LivekitProcess & { apiKey: string; apiSecret: string; dir: string };

/** The binary the global setup built; throws the reason it could not (e.g. no Go). */
export function testLivekitBinary(): string {
  const binary = process.env.STAFFROOM_LIVEKIT_BINARY;
  if (!binary) {
    throw new Error(
      `livekit-server is not available to the tests: ${process.env.STAFFROOM_LIVEKIT_UNAVAILABLE ?? "the global setup did not build it"}`,
    );
  }
  return binary;
}

/** Starts livekit-server on free loopback ports with fresh keys. */
export async function startTestLivekit(): Promise<TestLivekit> {
  const dir = await mkdtemp(join(tmpdir(), "staffroom-livekit-"));
  const apiKey = `test${randomToken()
    .slice(0, 12)
    .replace(/[^A-Za-z0-9]/g, "x")}`;
  const apiSecret = randomToken();
  try {
    const running = await startLivekit({
      binary: testLivekitBinary(),
      dir,
      port: await freePort(),
      rtcTcpPort: await freePort(),
      udpPortRange: TEST_UDP_RANGE,
      apiKey,
      apiSecret,
    });
    return {
      ...running,
      apiKey,
      apiSecret,
      dir,
      async stop() {
        await running.stop();
        if (!process.env.STAFFROOM_KEEP_TEST_DATA) await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
