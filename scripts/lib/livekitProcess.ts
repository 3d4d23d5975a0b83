/**
 * Runs livekit-server (built by livekitBuild.ts) as a supervised child on loopback: renders its
 * config and key file, checks its ports, and waits until its HTTP port answers. Shared by
 * `npm start` and the test harness (tests/harness/livekit.ts).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { renderLivekitConfig, renderLivekitKeyFile } from "@staffroom/appservice/setup";
import { StartupError } from "./errors.ts";
import { isPortFree } from "./ports.ts";
import {
  answers,
  spawnSupervised,
  waitUntilReady,
  type SupervisedProcess,
} from "./supervisedProcess.ts";
import { tail } from "./synapseProcess.ts";

/** The UDP media ports of the embedded SFU (one per browser connection). */
export const EMBEDDED_UDP_RANGE: [number, number] = [50100, 50200];

/** A running livekit-server. */
export type LivekitProcess = SupervisedProcess & {
  /** HTTP base of the Room Service API, e.g. http://127.0.0.1:7880. */
  apiUrl: string;
  /** What browsers connect to, e.g. ws://127.0.0.1:7880. */
  wsUrl: string;
  keyFile: string;
};

/** Options for {@link startLivekit}. */
export type StartLivekitOptions = {
  binary: string;
  /** Directory for livekit.yaml, the key file and the log. */
  dir: string;
  port: number;
  /** ICE/TCP port; defaults to `port + 1`. */
  rtcTcpPort?: number;
  udpPortRange?: [number, number];
  apiKey: string;
  apiSecret: string;
  /** Where to write the key file (the appservice reads the same one); default `<dir>/keys.yaml`. */
  keyFile?: string;
  timeoutMs?: number;
};

/** Writes the config and key file into `opts.dir`, starts livekit-server and waits for it. */
export async function startLivekit(opts: StartLivekitOptions): Promise<LivekitProcess> {
  const rtcTcpPort = opts.rtcTcpPort ?? opts.port + 1;
  for (const [what, port] of [
    ["LiveKit", opts.port],
    ["LiveKit ICE/TCP", rtcTcpPort],
  ] as const) {
    if (!(await isPortFree(port, "127.0.0.1"))) {
      throw new StartupError(
        `port ${port} (${what}) on 127.0.0.1 is already in use.`,
        `Stop the program using it (\`ss -ltnp 'sport = :${port}'\` shows which), or move LiveKit with meetings.livekit.url / api_url in the appservice config.`,
      );
    }
  }
  await mkdir(opts.dir, { recursive: true });
  const keyFile = opts.keyFile ?? join(opts.dir, "keys.yaml");
  const configPath = join(opts.dir, "livekit.yaml");
  const logFile = join(opts.dir, "livekit.log");
  await mkdir(dirname(keyFile), { recursive: true });
  // livekit-server refuses a key file that others can read.
  await writeFile(keyFile, renderLivekitKeyFile(opts.apiKey, opts.apiSecret), { mode: 0o600 });
  await writeFile(
    configPath,
    renderLivekitConfig({
      port: opts.port,
      bindAddresses: ["127.0.0.1"],
      rtcTcpPort,
      udpPortRange: opts.udpPortRange ?? EMBEDDED_UDP_RANGE,
      loopbackOnly: true,
      keyFile,
    }),
  );
  const proc = spawnSupervised(opts.binary, ["--config", configPath], { logFile });
  const apiUrl = `http://127.0.0.1:${opts.port}`;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  await waitUntilReady(proc, {
    ready: () => answers(new URL("/", apiUrl)),
    timeoutMs,
    onExit: (code) =>
      new StartupError(
        `livekit-server exited during start-up (exit code ${code}).\n${tail(logFile, 15)}`,
        "Read its log for the cause.",
        logFile,
      ),
    onTimeout: () =>
      new StartupError(
        `livekit-server did not answer at ${apiUrl} within ${Math.round(timeoutMs / 1000)} s.`,
        "Read its log for what it was doing.",
        logFile,
      ),
  });
  return { ...proc, apiUrl, wsUrl: `ws://127.0.0.1:${opts.port}`, keyFile };
}
