/** Per-install secrets for Synapse, the appservice registration and livekit-server. */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { SynapseSecrets } from "./renderSynapseConfig.ts";

const KEYS: (keyof SynapseSecrets)[] = [
  "registration_shared_secret",
  "macaroon_secret_key",
  "form_secret",
  "as_token",
  "hs_token",
  "livekit_api_key",
  "livekit_api_secret",
  "worker_replication_secret",
];

/** A URL-safe random token with 256 bits of entropy. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Fresh secrets, one random token per key. */
export function generateSecrets(): SynapseSecrets {
  return Object.fromEntries(KEYS.map((key) => [key, randomToken()])) as SynapseSecrets;
}

/**
 * Reads the secrets file, creating it (mode 0600) or adding any missing key. Existing values are
 * never replaced: changing them would lock out the appservice or invalidate sessions.
 */
export async function loadOrCreateSecrets(path: string): Promise<SynapseSecrets> {
  let stored: Partial<SynapseSecrets> = {};
  try {
    stored = JSON.parse(await readFile(path, "utf8")) as Partial<SynapseSecrets>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(
        `${path}: cannot read the secrets file (${(error as Error).message}). ` +
          "Fix or delete it; deleting it means re-creating .data from scratch.",
        { cause: error },
      );
    }
  }
  const secrets = { ...generateSecrets(), ...stored } as SynapseSecrets;
  if (KEYS.some((key) => stored[key] !== secrets[key])) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  }
  return secrets;
}
