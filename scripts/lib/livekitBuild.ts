/**
 * livekit-server, the SFU behind group meetings, built from the Go module proxy into .data/bin
 * (no npm, PyPI or Debian package ships it). Built once per pinned version; a stamp file beside
 * the binary says which. Without Go (1.26 or newer) meetings are disabled and chat is unaffected.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { paths } from "./paths.ts";

/** The pinned release. v1.13.5's go.mod has no `replace` directives, so `go install` accepts it. */
export const LIVEKIT_VERSION = "v1.13.5";
export const LIVEKIT_PACKAGE = "github.com/livekit/livekit-server/cmd/server";
const MIN_GO: [number, number] = [1, 26];
const BUILD_TIMEOUT_MS = 20 * 60_000;

/** The binary, or why meetings are off. */
export type LivekitInstall = { ok: true; binary: string } | { ok: false; reason: string };

/** Where the binary and its stamp go: STAFFROOM_BIN_DIR, else .data/bin. */
export function livekitBinDir(): string {
  return process.env.STAFFROOM_BIN_DIR ?? join(paths.dataDir, "bin");
}

/** Where `go` is looked for: $GO, `go` on the PATH, the official tarball's /usr/local/go/bin/go. */
export const GO_COMMANDS = [process.env.GO, "go", "/usr/local/go/bin/go"].filter(
  (candidate): candidate is string => Boolean(candidate),
);

function findGo(commands: readonly string[]): { go: string; version: string } | undefined {
  for (const candidate of commands) {
    const probe = spawnSync(candidate, ["env", "GOVERSION"], { encoding: "utf8" });
    if (probe.status === 0) return { go: candidate, version: probe.stdout.trim() };
  }
  return undefined;
}

/** True when `version` ("go1.26.8") is at least {@link MIN_GO}. */
export function goIsNewEnough(version: string): boolean {
  const match = /^go(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > MIN_GO[0] || (major === MIN_GO[0] && minor >= MIN_GO[1]);
}

/**
 * Makes sure `<binDir>/livekit-server` is the pinned version, building it when it is not.
 * Never throws: a missing Go or a failed build comes back as `{ok: false, reason}`.
 * @param log progress lines for the person waiting
 */
export async function ensureLivekit(
  log: (line: string) => void,
  opts: { binDir?: string; goCommands?: readonly string[] } = {},
): Promise<LivekitInstall> {
  const binDir = opts.binDir ?? livekitBinDir();
  const binary = join(binDir, "livekit-server");
  const stamp = join(binDir, "livekit-server.version");
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, "utf8") === LIVEKIT_VERSION) {
    return { ok: true, binary };
  }
  const go = findGo(opts.goCommands ?? GO_COMMANDS);
  if (!go) {
    return {
      ok: false,
      reason: `Go was not found, so livekit-server ${LIVEKIT_VERSION} can't be built (install Go ${MIN_GO.join(".")} or newer from https://go.dev/dl/)`,
    };
  }
  if (!goIsNewEnough(go.version)) {
    return {
      ok: false,
      reason: `livekit-server ${LIVEKIT_VERSION} needs Go ${MIN_GO.join(".")} or newer; ${go.go} is ${go.version}`,
    };
  }
  mkdirSync(binDir, { recursive: true });
  const buildDir = join(binDir, ".livekit-build");
  const buildLog = join(binDir, "livekit-build.log");
  rmSync(buildDir, { recursive: true, force: true });
  log(
    `building livekit-server ${LIVEKIT_VERSION} with ${go.version} (first run only: ~5 s with a warm Go cache, 1–3 min when Go must download it; log ${buildLog})…`,
  );
  const started = Date.now();
  const code = await runBuild(go.go, buildDir, buildLog, (seconds) =>
    log(`still building livekit-server… (${seconds} s)`),
  );
  if (code !== 0 || !existsSync(join(buildDir, "server"))) {
    return {
      ok: false,
      reason: `building livekit-server ${LIVEKIT_VERSION} failed (exit code ${code}); see ${buildLog}`,
    };
  }
  renameSync(join(buildDir, "server"), binary);
  rmSync(buildDir, { recursive: true, force: true });
  writeFileSync(stamp, LIVEKIT_VERSION);
  log(`built livekit-server ${LIVEKIT_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
  return { ok: true, binary };
}

/** `go install` into `gobin`, output to `logFile`; resolves the exit code (null on timeout). */
function runBuild(
  go: string,
  gobin: string,
  logFile: string,
  progress: (seconds: number) => void,
): Promise<number | null> {
  return new Promise((resolve) => {
    const out = createWriteStream(logFile);
    const child = spawn(go, ["install", `${LIVEKIT_PACKAGE}@${LIVEKIT_VERSION}`], {
      // CGO off, as livekit-server's own Dockerfile builds it: no C toolchain needed.
      env: { ...process.env, CGO_ENABLED: "0", GOBIN: gobin },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    const started = Date.now();
    const ticker = setInterval(() => progress(Math.round((Date.now() - started) / 1000)), 20_000);
    const timeout = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
    const finish = (code: number | null) => {
      clearInterval(ticker);
      clearTimeout(timeout);
      out.end(() => resolve(code));
    };
    child.on("error", () => finish(127));
    child.on("close", (code) => finish(code));
  });
}
