/**
 * Vitest global setup for integration and end-to-end tests: makes sure the pinned Synapse is in
 * .data/venv and the pinned livekit-server in .data/bin (so `npx vitest --project integration`
 * works on its own) and says which versions the run tests against. Without Go, livekit-server
 * can't be built: the meetings tests then fail saying so, every other test runs.
 */
import { spawnSync } from "node:child_process";
import { ensureLivekit, LIVEKIT_VERSION } from "../../scripts/lib/livekitBuild.ts";
import { ensureSynapseVenv, venvPython } from "../../scripts/lib/venv.ts";

export default async function setup(): Promise<void> {
  const say = (line: string) => console.log(`[harness] ${line}`);
  ensureSynapseVenv(say);
  const version = spawnSync(venvPython(), ["-c", "import synapse; print(synapse.__version__)"], {
    encoding: "utf8",
  }).stdout.trim();
  process.env.STAFFROOM_SYNAPSE_VERSION = version;
  say(`testing against Synapse ${version}`);
  const livekit = await ensureLivekit(say);
  if (livekit.ok) {
    process.env.STAFFROOM_LIVEKIT_BINARY = livekit.binary;
    say(`testing against livekit-server ${LIVEKIT_VERSION}`);
  } else {
    process.env.STAFFROOM_LIVEKIT_UNAVAILABLE = livekit.reason;
    say(`livekit-server unavailable, the meetings tests will fail: ${livekit.reason}`);
  }
}
