/**
 * Vitest global setup for integration and end-to-end tests: makes sure the pinned Synapse is in
 * .data/venv (so `npx vitest --project integration` works on its own) and says which version
 * the run tests against.
 */
import { spawnSync } from "node:child_process";
import { ensureSynapseVenv, venvPython } from "../../scripts/lib/venv.ts";

export default function setup(): void {
  ensureSynapseVenv((line) => console.log(`[harness] ${line}`));
  const version = spawnSync(venvPython(), ["-c", "import synapse; print(synapse.__version__)"], {
    encoding: "utf8",
  }).stdout.trim();
  process.env.STAFFROOM_SYNAPSE_VERSION = version;
  console.log(`[harness] testing against Synapse ${version}`);
}
