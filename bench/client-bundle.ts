/**
 * Client bundle benchmark. In one run, with the same Vite config
 * (client/vite.config.ts: same plugins, target and minifier), builds
 *   1. the Staffroom web client, and
 *   2. a bare matrix-js-sdk client: an entry that only does `createClient` + `startClient`,
 * then prints the gzip size of the JavaScript each needs and the ratios:
 *   - initial JS of the client ÷ the bare SDK client (target ≤ 1.15), where the client's
 *     "initial" is everything a signed-in start loads: the entry's static imports plus the
 *     chunks behind the entry's own dynamic imports (the SDK and the signed-in screens, which
 *     download right after the first paint). Deeper dynamic imports (rust-crypto inside the SDK,
 *     the emoji picker inside the composer) load on demand only and are listed apart;
 *   - the first screen (the login page, and the cached chat list on reload): the entry and its
 *     static imports only, before any dynamic import (target ≤ 20 KB gzip).
 *
 *   node --import tsx bench/client-bundle.ts
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Manifest } from "vite";
import { paths } from "../scripts/lib/paths.ts";

const FIRST_SCREEN_LIMIT = 20 * 1024;
const RATIO_LIMIT = 1.15;

type Measured = {
  firstScreen: string[];
  initial: string[];
  onDemand: string[];
  sizes: Map<string, number>;
};

async function buildWith(root: string, outDir: string): Promise<Measured> {
  await build({
    configFile: join(paths.clientDir, "vite.config.ts"),
    root,
    logLevel: "silent",
    build: { outDir, emptyOutDir: true, manifest: "manifest.json" },
  });
  const manifest = JSON.parse(await readFile(join(outDir, "manifest.json"), "utf8")) as Manifest;
  const staticClosure = (keys: string[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (key: string): void => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const next of manifest[key]?.imports ?? []) visit(next);
    };
    keys.forEach(visit);
    return seen;
  };
  const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
  const first = staticClosure(entries);
  const afterPaint = entries.flatMap((key) => manifest[key]?.dynamicImports ?? []);
  const initial = new Set([...first, ...staticClosure(afterPaint)]);
  const jsFiles = (keys: Iterable<string>): string[] =>
    [...keys].map((key) => manifest[key]?.file ?? "").filter((file) => file.endsWith(".js"));
  const allJs = jsFiles(Object.keys(manifest));
  const sizes = new Map<string, number>();
  for (const file of allJs) {
    sizes.set(file, gzipSync(await readFile(join(outDir, file)), { level: 9 }).length);
  }
  const initialFiles = jsFiles(initial);
  return {
    firstScreen: jsFiles(first),
    initial: initialFiles,
    onDemand: allJs.filter((file) => !initialFiles.includes(file)),
    sizes,
  };
}

const total = (m: Measured, files: string[]): number =>
  files.reduce((sum, file) => sum + (m.sizes.get(file) ?? 0), 0);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

// The bare client sits inside the repository so `matrix-js-sdk` resolves from node_modules.
const work = await mkdtemp(join(paths.repoRoot, "node_modules", ".bench-client-bundle-"));
try {
  const bareRoot = join(work, "bare");
  await mkdir(bareRoot);
  await writeFile(
    join(bareRoot, "index.html"),
    '<!doctype html><html><body><script type="module" src="./main.ts"></script></body></html>\n',
  );
  await writeFile(
    join(bareRoot, "main.ts"),
    [
      'import { createClient } from "matrix-js-sdk";',
      "const client = createClient({ baseUrl: location.origin });",
      "void client.startClient();",
      "",
    ].join("\n"),
  );
  const client = await buildWith(paths.clientDir, join(work, "client-dist"));
  const bare = await buildWith(bareRoot, join(work, "bare-dist"));

  console.log("Staffroom client, JavaScript by chunk (gzip -9):");
  for (const [file, size] of [...client.sizes].sort((a, b) => b[1] - a[1])) {
    const role = client.firstScreen.includes(file)
      ? "first screen"
      : client.initial.includes(file)
        ? "after first paint"
        : "on demand";
    console.log(`  ${kb(size).padStart(10)}  ${role.padEnd(17)}  ${file}`);
  }
  const firstScreen = total(client, client.firstScreen);
  const initial = total(client, client.initial);
  const bareInitial = total(bare, bare.initial);
  const ratio = initial / bareInitial;
  console.log("");
  console.log(`first screen (login page / cached list): ${kb(firstScreen)}  (target ≤ 20 KB)`);
  console.log(`client initial JS (signed-in start):     ${kb(initial)}`);
  console.log(`bare matrix-js-sdk client initial JS:    ${kb(bareInitial)}`);
  console.log(
    `ratio client ÷ bare SDK:                 ${ratio.toFixed(3)}  (target ≤ ${RATIO_LIMIT})`,
  );
  console.log(
    `on demand only (client): ${client.onDemand.map((f) => `${f} ${kb(client.sizes.get(f) ?? 0)}`).join(", ")}`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`,
  );
  const ok = firstScreen <= FIRST_SCREEN_LIMIT && ratio <= RATIO_LIMIT;
  console.log(ok ? "✓ both targets met" : "✗ a target was missed");
  process.exitCode = ok ? 0 : 1;
} finally {
  await rm(work, { recursive: true, force: true });
}
