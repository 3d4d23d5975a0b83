/**
 * Each worker's own files for the workers topology: `<name>.yaml` (read after the shared
 * homeserver.yaml: its app, name, listeners, log config and pid file) and `<name>.log.config`
 * (the same logging as the main process, into `<name>.log` beside its log). Pure.
 */
import { stringify } from "yaml";
import { dirname, join } from "node:path";
import { HEADER, templateVars, type SynapseRenderInput } from "./renderSynapseConfig.ts";
import { fillTemplate, quoted, RenderError } from "./synapseTemplates.ts";
import { workerConfig } from "./synapseWorkers.ts";

/** Where worker files live inside the config directory. */
export const WORKERS_DIR = "workers";

/**
 * @param input - the render input, with `workers`
 * @param templates - as read by readTemplates
 * @returns worker name → file name → contents
 */
export function renderWorkerFiles(
  input: SynapseRenderInput,
  templates: Record<string, string>,
): Record<string, Record<string, string>> {
  if (!input.workers) return {};
  const logTemplate = templates["log.config.tmpl"];
  if (logTemplate === undefined)
    throw new RenderError("synapse-config/log.config.tmpl: template not found");
  const out: Record<string, Record<string, string>> = {};
  for (const process of input.workers.processes) {
    if (process.role === "main") continue;
    const logFile =
      input.log === "console" ? "/dev/null" : join(dirname(input.log.file), `${process.name}.log`);
    const logConfig = fillTemplate(
      logTemplate,
      { ...templateVars(input), LOG_FILE: quoted(logFile) },
      "synapse-config/log.config.tmpl",
    );
    const config = workerConfig(process, {
      bindAddress: input.bindAddress,
      logConfig: join(input.configDir, WORKERS_DIR, `${process.name}.log.config`),
      pidFile: join(input.dataDir, `${process.name}.pid`),
    });
    const header = `# Synapse worker "${process.name}" (${process.role}), read after homeserver.yaml.\n`;
    out[process.name] = {
      [`${process.name}.yaml`]:
        HEADER("synapseWorkers.ts", input.profile) + header + stringify(config),
      [`${process.name}.log.config`]: HEADER("log.config.tmpl", input.profile) + logConfig,
    };
  }
  return out;
}
