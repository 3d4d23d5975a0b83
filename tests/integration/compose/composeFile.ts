/**
 * Shared by the compose tests (tests/integration/compose-*.test.ts): docker-compose.yml as
 * written, `docker-compose config` runs, Dockerfile and nginx config readers.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { parse } from "yaml";
import { paths } from "../../../scripts/lib/paths.ts";

export const root = paths.repoRoot;
export const composeFile = join(root, "docker-compose.yml");
export const composeText = readFileSync(composeFile, "utf8");

/** The settings an admin puts in .env (docker/.env.example lists them). */
export const settings = {
  STAFFROOM_SERVER_NAME: "chat.example.org",
  STAFFROOM_PUBLIC_URL: "https://chat.example.org/",
  POSTGRES_PASSWORD: "0123456789abcdef",
};
export const REQUIRED = Object.keys(settings) as (keyof typeof settings)[];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

export type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  user?: string;
  restart?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: (string | { published?: string | number; target: number })[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  network_mode?: string;
  profiles?: string[];
};
export type ComposeFile = { services: Record<string, Service>; volumes?: Record<string, unknown> };

/** The compose file as written (YAML merge keys resolved, `${…}` left as is). */
export const compose = parse(composeText, { merge: true }) as ComposeFile;

export function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** A `source:target[:mode]` volume entry. */
export type Mount = { source: string; target: string; readOnly: boolean };

export function mounts(name: string): Mount[] {
  return (service(name).volumes ?? []).map((entry) => {
    const [source = "", target = "", mode = "rw"] = entry.split(":");
    return { source, target, readOnly: mode.split(",").includes("ro") };
  });
}

/** The named volume and its mount point that hold `path` inside service `name`'s container. */
export function volumeHolding(name: string, path: string): Mount {
  const mount = mounts(name)
    .filter((m) => path === m.target || path.startsWith(`${m.target}/`))
    .sort((a, b) => b.target.length - a.target.length)[0];
  if (!mount) throw new Error(`${path} is on no volume of service "${name}"`);
  return mount;
}

/** Runs docker-compose against the repository's file with exactly `env` (no .env, no host vars). */
export async function dockerCompose(args: string[], env: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), "staffroom-compose-"));
  try {
    // An empty --env-file: a developer's own .env beside the compose file must not leak in.
    const envFile = join(dir, "empty.env");
    await writeFile(envFile, "");
    return runCompose(["--env-file", envFile, "-f", composeFile, ...args], env);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function runCompose(args: string[], env: Record<string, string>) {
  const result = spawnSync("docker-compose", args, {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? tmpdir(), ...env },
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new Error(
      "docker-compose is not installed, so docker-compose.yml can't be validated. " +
        "Install it with `apt-get install docker-compose` (Debian's 1.29 validates files without " +
        "a Docker engine; .ci/run installs it).",
    );
  }
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `FROM`-separated stages of a Dockerfile: instruction lines with continuations joined. */
export function dockerfileStages(file: string): { from: string; lines: string[] }[] {
  const text = readFileSync(join(root, file), "utf8").replace(/\\\n/g, " ");
  const stages: { from: string; lines: string[] }[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (/^FROM\s/i.test(line)) stages.push({ from: line, lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/** Absolute destinations of `COPY <source> <dest>` in a stage, resolved against its WORKDIR. */
export function copies(stage: {
  lines: string[];
}): { sources: string[]; dest: string; from?: string }[] {
  let workdir = "/";
  const out: { sources: string[]; dest: string; from?: string }[] = [];
  for (const line of stage.lines) {
    const [instruction = "", ...args] = line.split(/\s+/);
    if (/^WORKDIR$/i.test(instruction)) workdir = posix.resolve(workdir, args[0] ?? "");
    if (!/^COPY$/i.test(instruction)) continue;
    const flags = args.filter((a) => a.startsWith("--"));
    const rest = args.filter((a) => !a.startsWith("--"));
    const dest = rest.pop() ?? "";
    const from = flags.find((f) => f.startsWith("--from="))?.slice("--from=".length);
    out.push({ sources: rest, dest: posix.resolve(workdir, dest), ...(from ? { from } : {}) });
  }
  return out;
}

/**
 * A small model of nginx's location matching for the proxy configs: an exact (`=`) match
 * first; else the longest prefix, final if it is `^~`; else the first regex (`~`, `~*`) in file
 * order that matches; else that longest prefix. Matched against the decoded path, as nginx does.
 */
export type Location = { modifier: "=" | "^~" | "" | "~" | "~*"; path: string; body: string };
export type NginxConf = {
  locations: Location[];
  serverBody: string;
  /** `upstream` groups: name → `server` addresses. */
  upstreams: Record<string, string[]>;
};

export function nginxLocations(text: string): NginxConf {
  const locations: Location[] = [];
  const pattern = /location\s+(=|\^~|~\*?)?\s*("(?:[^"\\]|\\.)*"|\S+)\s*\{([^{}]*)\}/g;
  for (const match of text.matchAll(pattern)) {
    const raw = match[2] ?? "";
    locations.push({
      modifier: (match[1] ?? "") as Location["modifier"],
      path: raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw,
      body: match[3] ?? "",
    });
  }
  const upstreams: Record<string, string[]> = {};
  for (const match of text.matchAll(/upstream\s+(\S+)\s*\{([^{}]*)\}/g)) {
    upstreams[match[1] ?? ""] = [...(match[2] ?? "").matchAll(/^\s*server\s+([^\s;]+)/gm)].map(
      (m) => m[1] ?? "",
    );
  }
  return { locations, serverBody: text.replace(pattern, ""), upstreams };
}

export function routeOf(
  conf: NginxConf,
  uri: string,
): { location: string; proxyTo?: string; servers?: string[] } {
  const path = decodeURIComponent(uri.split("?")[0] ?? "");
  const prefix = conf.locations
    .filter((l) => (l.modifier === "" || l.modifier === "^~") && path.startsWith(l.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
  const regex =
    prefix?.modifier === "^~"
      ? undefined
      : conf.locations.find(
          (l) =>
            l.modifier.startsWith("~") &&
            new RegExp(l.path, l.modifier === "~*" ? "i" : "").test(path),
        );
  const chosen =
    conf.locations.find((l) => l.modifier === "=" && l.path === path) ?? regex ?? prefix;
  if (!chosen) return { location: "(none)" };
  const target = /proxy_pass\s+([^;]+);/.exec(chosen.body)?.[1]?.trim();
  if (target === undefined) return { location: chosen.path };
  // Resolve `set $name value;` variables from the server block.
  const resolved = target.startsWith("$")
    ? new RegExp(`set\\s+\\${target}\\s+([^;]+);`).exec(conf.serverBody)?.[1]?.trim()
    : target;
  const servers = conf.upstreams[target.replace(/^https?:\/\//, "")];
  return { location: chosen.path, proxyTo: resolved ?? target, ...(servers ? { servers } : {}) };
}

// ---------------------------------------------------------------------------------------------
// 1. docker-compose validates the file
// ---------------------------------------------------------------------------------------------
