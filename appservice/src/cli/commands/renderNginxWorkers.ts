import { readFile, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RenderError } from "../../setup/synapseTemplates.ts";
import { COMPOSE_SYNC_WORKERS, composeWorkersTopology } from "../../setup/composeWorkers.ts";
import { renderNginxWorkers } from "../../setup/nginxWorkers.ts";
import { stringOption, type CliCommand } from "../command.ts";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
/** The single-process proxy config the workers one is derived from. */
export const NGINX_BASE = resolve(REPO_ROOT, "docker/nginx/staffroom.conf");
/** The checked-in workers config (docker-compose's workers profile). */
export const NGINX_WORKERS = resolve(REPO_ROOT, "docker/nginx/staffroom-workers.conf");

/**
 * `staffroom render-nginx-workers [--sync-workers N] [--out FILE]`: the reverse proxy of
 * docker-compose's workers profile, from docker/nginx/staffroom.conf and the routing table, for
 * the compose services (`synapse`, `synapse-<worker>`). Prints it, or writes it to FILE.
 */
export const renderNginxWorkersCommand: CliCommand = {
  usage: "render-nginx-workers [--sync-workers N] [--out FILE] [--base FILE]",
  options: {
    "sync-workers": { type: "string" },
    out: { type: "string" },
    base: { type: "string" },
  },
  async run(args, io) {
    const countOption = stringOption(args, "sync-workers");
    const count = countOption === undefined ? COMPOSE_SYNC_WORKERS : Number(countOption);
    let topology;
    try {
      topology = composeWorkersTopology(count);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      io.err(`render-nginx-workers: --sync-workers ${countOption}: a whole number from 1 to 32`);
      return 2;
    }
    const basePath = resolve(stringOption(args, "base") ?? NGINX_BASE);
    let base: string;
    try {
      base = await readFile(basePath, "utf8");
    } catch (error) {
      io.err(`render-nginx-workers: can't read ${basePath}: ${(error as Error).message}`);
      return 1;
    }
    const flags = count === COMPOSE_SYNC_WORKERS ? "" : ` --sync-workers ${count}`;
    let text: string;
    try {
      text = renderNginxWorkers(topology, {
        base,
        baseName: relative(REPO_ROOT, basePath),
        command: `npx staffroom render-nginx-workers${flags} --out ${relative(REPO_ROOT, NGINX_WORKERS)}`,
      });
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      io.err(`render-nginx-workers: ${error.message}`);
      return 1;
    }
    const out = stringOption(args, "out");
    if (out === undefined) {
      for (const line of text.replace(/\n$/, "").split("\n")) io.out(line);
      return 0;
    }
    await writeFile(resolve(out), text);
    io.out(`wrote ${resolve(out)}`);
    return 0;
  },
};
