// Reads the templates from synapse-config/ and writes the rendered files (and, for workers, one
// config and log config per worker) where Synapse will read them.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  renderSynapseConfig,
  type RenderedSynapseConfig,
  type SynapseRenderInput,
} from "./renderSynapseConfig.ts";
import { renderWorkerFiles, WORKERS_DIR } from "./renderWorkerFiles.ts";

/** Template files read from synapse-config/ (profiles included when present). */
export async function readTemplates(templatesDir: string): Promise<Record<string, string>> {
  const names = [
    "homeserver.yaml.tmpl",
    "log.config.tmpl",
    "appservice-registration.yaml.tmpl",
    "profiles/embedded.yaml",
    "profiles/test.yaml",
    "profiles/production.yaml",
  ];
  const out: Record<string, string> = {};
  for (const name of names) {
    try {
      out[name] = await readFile(join(templatesDir, name), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return out;
}

/**
 * Renders and writes the files into `writeDir` (defaults to `input.configDir`; differs when
 * rendering for a container whose paths are mounted elsewhere). Returns the written paths.
 */
export async function writeSynapseConfig(
  input: SynapseRenderInput,
  templatesDir: string,
  writeDir: string = input.configDir,
): Promise<WrittenSynapseConfig> {
  const templates = await readTemplates(templatesDir);
  const rendered = renderSynapseConfig(input, templates);
  await mkdir(writeDir, { recursive: true });
  const paths = {} as WrittenSynapseConfig;
  for (const [name, text] of Object.entries(rendered) as [keyof RenderedSynapseConfig, string][]) {
    paths[name] = join(writeDir, name);
    await writeFile(paths[name], text, { mode: 0o600 });
  }
  if (input.workers) {
    const workers = renderWorkerFiles(input, templates);
    await mkdir(join(writeDir, WORKERS_DIR), { recursive: true });
    paths.workers = {};
    for (const [name, files] of Object.entries(workers)) {
      for (const [file, text] of Object.entries(files)) {
        await writeFile(join(writeDir, WORKERS_DIR, file), text, { mode: 0o600 });
      }
      paths.workers[name] = join(writeDir, WORKERS_DIR, `${name}.yaml`);
    }
  }
  return paths;
}

/** Paths written by {@link writeSynapseConfig}; `workers` maps each worker to its config file. */
export type WrittenSynapseConfig = Record<keyof RenderedSynapseConfig, string> & {
  workers?: Record<string, string>;
};
