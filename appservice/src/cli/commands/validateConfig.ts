import { ConfigError } from "../../config/configError.ts";
import { defaultConfigPath, loadConfig } from "../../config/loadConfig.ts";
import { loadRegistration } from "../../config/registrationFile.ts";
import { loadDirectory } from "../../directory/parseDirectory.ts";
import { stringOption, type CliCommand, type CliIo } from "../command.ts";

/**
 * `staffroom validate-config [--config PATH]`: validates the config file, then the directory
 * file and registration it points to, printing every problem of each. Exit 0 when all pass.
 */
export const validateConfigCommand: CliCommand = {
  usage: "validate-config [--config PATH]",
  options: { config: { type: "string", short: "c" } },
  async run(args, io) {
    const configPath = stringOption(args, "config") ?? defaultConfigPath(io.env);
    const config = await check(io, () => loadConfig(configPath));
    if (config === undefined) return 1;
    io.out(`config OK: ${configPath}`);

    const serverName = config.homeserver.domain;
    const org = await check(io, () => loadDirectory(config.directory.file, { serverName }));
    if (org !== undefined) {
      io.out(
        `directory OK: ${config.directory.file} (${org.operators.length} operators, ` +
          `${org.departments.length} departments, ${org.admins.length} admins)`,
      );
    }
    const file = config.appservice.registration_file;
    const registration = await check(io, () => loadRegistration(file));
    if (registration !== undefined) io.out(`registration OK: ${file}`);
    return org !== undefined && registration !== undefined ? 0 : 1;
  },
};

// Prints a ConfigError's problem list; anything else is a bug and propagates.
async function check<T>(io: CliIo, load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(error.message);
    return undefined;
  }
}
