/**
 * A throwaway coturn (Debian's `turnserver`, `apt-get install coturn`; .ci/run installs it) on
 * loopback for the TURN relay test: the TURN REST shared secret Synapse hands credentials out
 * with (`turn_shared_secret`), relays on 127.0.0.1, loopback peers allowed (both browsers are on
 * this machine). Never skipped when the binary is missing: it fails and says how to get it.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomToken } from "@staffroom/appservice/setup";
import { freePort } from "../../scripts/lib/ports.ts";
import { spawnSupervised } from "../../scripts/lib/supervisedProcess.ts";
import { tail } from "../../scripts/lib/synapseProcess.ts";

/** UDP relay ports of the test server (apart from LiveKit's test range, 50300-50500). */
const RELAY_PORTS: [number, number] = [50600, 50700];

/** A running coturn and what Synapse needs to hand out credentials for it. */
export type TestCoturn = {
  /** `turn:127.0.0.1:<port>?transport=udp` and the TCP variant. */
  uris: string[];
  sharedSecret: string;
  logTail(lines?: number): string;
  stop(): Promise<void>;
};

/** `turnserver` on PATH or in /usr/bin; throws with the install hint otherwise. */
function turnserverBinary(): string {
  const found = spawnSync("sh", ["-c", "command -v turnserver"], {
    encoding: "utf8",
  }).stdout.trim();
  if (found) return found;
  if (existsSync("/usr/bin/turnserver")) return "/usr/bin/turnserver";
  throw new Error(
    "coturn's turnserver was not found: install it with `apt-get install -y coturn` " +
      "(.ci/run does this on CI) to run the TURN relay test",
  );
}

const tcpOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });

/** Starts coturn on a free loopback port; resolves when it accepts TCP connections. */
export async function startTestCoturn(): Promise<TestCoturn> {
  const binary = turnserverBinary();
  const dir = await mkdtemp(join(tmpdir(), "staffroom-coturn-"));
  const port = await freePort();
  const sharedSecret = randomToken();
  const logFile = join(dir, "turnserver.log");
  const proc = spawnSupervised(
    binary,
    [
      "-n", // no configuration file: everything is on this line
      "--listening-ip=127.0.0.1",
      "--relay-ip=127.0.0.1",
      `--listening-port=${port}`,
      `--min-port=${RELAY_PORTS[0]}`,
      `--max-port=${RELAY_PORTS[1]}`,
      "--use-auth-secret",
      `--static-auth-secret=${sharedSecret}`,
      "--realm=staffroom.test",
      "--allow-loopback-peers",
      "--no-tls",
      "--no-dtls",
      "--no-cli",
      `--userdb=${join(dir, "turndb")}`,
      `--pidfile=${join(dir, "turnserver.pid")}`,
      "--log-file=stdout",
      "--simple-log",
      "--verbose", // logs each allocation (the test checks coturn relayed the call)
    ],
    { logFile },
  );
  const deadline = Date.now() + 15_000;
  while (!(await tcpOpen(port))) {
    const code = proc.exitCode();
    if (code !== undefined || Date.now() > deadline) {
      await proc.stop();
      const why = tail(logFile, 15);
      await rm(dir, { recursive: true, force: true });
      throw new Error(`coturn did not start on 127.0.0.1:${port}${why ? `:\n${why}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    uris: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    sharedSecret,
    logTail: (lines = 40) => tail(logFile, lines),
    async stop() {
      await proc.stop();
      if (!process.env.STAFFROOM_KEEP_TEST_DATA) await rm(dir, { recursive: true, force: true });
    },
  };
}
