/**
 * The Python virtualenv holding the pinned Synapse (.data/venv). Created on first use; Synapse is
 * re-installed only when synapse-config/requirements.txt changes.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { paths } from "./paths.ts";
import { StartupError } from "./errors.ts";

/** The venv's Python interpreter. */
export function venvPython(venv: string = paths.venv): string {
  return join(venv, "bin", "python");
}

function findPython(): string {
  for (const candidate of ["python3", "python"]) {
    const probe = spawnSync(
      candidate,
      ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
      {
        encoding: "utf8",
      },
    );
    if (probe.status === 0) {
      const [major, minor] = probe.stdout.trim().split(".").map(Number);
      if (major === 3 && (minor ?? 0) >= 10) return candidate;
    }
  }
  throw new StartupError(
    "Python 3.10 or newer was not found.",
    "Install it (Debian/Ubuntu: apt-get install python3 python3-venv python3-pip) and run again.",
  );
}

/**
 * Makes sure the venv exists with the pinned Synapse installed.
 * @param log progress lines for the person waiting
 */
export function ensureSynapseVenv(log: (line: string) => void, venv: string = paths.venv): void {
  const requirements = readFileSync(paths.synapseRequirements, "utf8");
  const wanted = createHash("sha256").update(requirements).digest("hex");
  const marker = join(venv, ".staffroom-requirements");
  if (
    existsSync(venvPython(venv)) &&
    existsSync(marker) &&
    readFileSync(marker, "utf8") === wanted
  ) {
    return;
  }
  if (!existsSync(venvPython(venv))) {
    const python = findPython();
    log(`creating the Python virtualenv in ${venv}…`);
    const made = spawnSync(python, ["-m", "venv", venv], { stdio: "inherit" });
    if (made.status !== 0) {
      throw new StartupError(
        `could not create a Python virtualenv at ${venv}.`,
        "Install the venv module (Debian/Ubuntu: apt-get install python3-venv) and run again.",
      );
    }
  }
  log("installing Synapse into the virtualenv (about a minute the first time)…");
  const pip = spawnSync(
    venvPython(venv),
    [
      "-m",
      "pip",
      "install",
      "--disable-pip-version-check",
      "--progress-bar",
      "off",
      "-q",
      "-r",
      paths.synapseRequirements,
    ],
    { stdio: "inherit" },
  );
  if (pip.status !== 0) {
    throw new StartupError(
      "pip could not install Synapse (see its output above).",
      "Check that pip can reach the Python package index, then run again.",
    );
  }
  writeFileSync(marker, wanted);
}
