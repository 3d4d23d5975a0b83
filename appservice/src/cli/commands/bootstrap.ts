import { dirname, join } from "node:path";
import { ConfigError } from "../../config/configError.ts";
import { defaultConfigPath, loadConfig } from "../../config/loadConfig.ts";
import { loadRegistration } from "../../config/registrationFile.ts";
import { ensureBotIsAdmin, HomeserverError, loadOrCreateSecrets } from "../../setup/index.ts";
import { stringOption, type CliCommand, type CliIo } from "../command.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForSynapse(url: string, seconds: number, io: CliIo): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  let said = false;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(new URL("/_matrix/client/versions", url), {
        signal: AbortSignal.timeout(3000),
      });
      if (response.ok) return true;
    } catch {
      // Not up yet.
    }
    if (!said) io.out(`waiting for Synapse at ${url}…`);
    said = true;
    await sleep(1000);
  }
  return false;
}

/**
 * `staffroom bootstrap [--config PATH] [--secrets PATH] [--wait SECONDS]`: registers the
 * appservice bot and makes it a Synapse server admin. Idempotent; docker-compose runs it once
 * Synapse is healthy. The shared secret comes from secrets.json beside the registration file.
 */
export const bootstrapCommand: CliCommand = {
  usage: "bootstrap [--config PATH] [--secrets PATH] [--wait SECONDS]",
  options: {
    config: { type: "string", short: "c" },
    secrets: { type: "string" },
    wait: { type: "string" },
  },
  async run(args, io) {
    const configPath = stringOption(args, "config") ?? defaultConfigPath(io.env);
    const wait = Number(stringOption(args, "wait") ?? 120);
    let config, registration;
    try {
      config = await loadConfig(configPath);
      registration = await loadRegistration(config.appservice.registration_file);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.err(error.message);
      return 1;
    }
    const secretsPath =
      stringOption(args, "secrets") ??
      join(dirname(config.appservice.registration_file), "secrets.json");
    const secrets = await loadOrCreateSecrets(secretsPath);
    if (!(await waitForSynapse(config.homeserver.url, Number.isFinite(wait) ? wait : 120, io))) {
      io.err(
        `bootstrap: Synapse did not answer at ${config.homeserver.url} within ${wait} s; is it running?`,
      );
      return 1;
    }
    const bot = `@${registration.senderLocalpart}:${config.homeserver.domain}`;
    try {
      const result = await ensureBotIsAdmin({
        homeserverUrl: config.homeserver.url,
        serverName: config.homeserver.domain,
        asToken: registration.asToken,
        botLocalpart: registration.senderLocalpart,
        sharedSecret: secrets.registration_shared_secret,
        displayName: "Staffroom",
      });
      io.out(
        result.promoted
          ? `${bot} registered and made a server admin`
          : `${bot} is already a server admin`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof HomeserverError)) throw error;
      io.err(`bootstrap: ${error.message}`);
      if (error.status === 401 || error.status === 403) {
        io.err(
          `  Check that Synapse loaded ${config.appservice.registration_file} and uses the shared secret in ${secretsPath}.`,
        );
      }
      return 1;
    }
  },
};
