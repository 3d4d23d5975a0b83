import { z } from "zod";
import type { Logger } from "../observability/logger.ts";
import { ConfigError, type ConfigProblem } from "./configError.ts";
import { issuesToProblems } from "./issues.ts";
import { readYamlFile } from "./loadConfig.ts";

// The appservice registration is the file Synapse loads (app_service_config_files); the
// appservice reads the same file for its tokens. Synapse accepts more keys than we use, so the
// schema is loose; we only insist on what both sides need.

const nonEmpty = z.string().min(1, "must not be empty");

const namespaceEntry = z.looseObject({ exclusive: z.boolean(), regex: nonEmpty });

const registrationSchema = z.looseObject({
  id: nonEmpty,
  // Synapse requires the key; null means "do not push transactions".
  url: z.string().nullable(),
  as_token: nonEmpty,
  hs_token: nonEmpty,
  sender_localpart: nonEmpty.regex(/^[a-z0-9._=/+-]+$/, "must be a lowercase Matrix localpart"),
  namespaces: z.looseObject({
    users: z.array(namespaceEntry).optional(),
    aliases: z.array(namespaceEntry).optional(),
    rooms: z.array(namespaceEntry).optional(),
  }),
  rate_limited: z.boolean().optional(),
  receive_ephemeral: z.boolean().optional(),
  "de.sorunome.msc2409.push_ephemeral": z.boolean().optional(),
});

/** The registration fields the appservice uses, plus the raw document for the bridge. */
export type Registration = {
  id: string;
  url: string | null;
  asToken: string;
  hsToken: string;
  senderLocalpart: string;
  /** True when Synapse will push typing/receipts/presence in the form the bridge reads. */
  pushEphemeral: boolean;
  /** The whole file as parsed, unknown keys included (handed to the bridge as is). */
  raw: Record<string, unknown>;
};

/**
 * Validates a parsed registration document. Refuses unrendered template markers (`{{NAME}}`),
 * which mean the registration was copied from synapse-config/ instead of rendered.
 * @throws ConfigError listing every bad field
 */
export function parseRegistration(raw: unknown, source: string): Registration {
  const result = registrationSchema.safeParse(raw);
  const problems: ConfigProblem[] = result.success ? [] : issuesToProblems(result.error.issues);
  if (raw !== null && typeof raw === "object") {
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value === "string" && value.includes("{{")) {
        problems.push({ path: key, message: "template placeholder was never rendered" });
      }
    }
  }
  if (!result.success || problems.length > 0) throw new ConfigError(source, problems);
  const data = result.data;
  return {
    id: data.id,
    url: data.url,
    asToken: data.as_token,
    hsToken: data.hs_token,
    senderLocalpart: data.sender_localpart,
    pushEphemeral: data["de.sorunome.msc2409.push_ephemeral"] === true,
    raw: data,
  };
}

/**
 * Reads and validates the registration file named by `appservice.registration_file`.
 * @throws ConfigError when the file is missing, not YAML, or lacks a required field
 */
export async function loadRegistration(file: string): Promise<Registration> {
  return parseRegistration(await readYamlFile(file), file);
}

/** Warns about mistakes that still let the appservice start but break part of it later. */
export function warnAboutRegistration(
  registration: Registration,
  port: number,
  log: Pick<Logger, "warn">,
): void {
  if (!registration.pushEphemeral) {
    log.warn(
      "registration lacks de.sorunome.msc2409.push_ephemeral: true; typing, receipts and presence will not arrive",
    );
  }
  const pushPort = registration.url === null ? undefined : portOf(registration.url);
  if (pushPort !== undefined && pushPort !== port) {
    log.warn(
      `registration url ${registration.url ?? ""} does not match the listening port ${port}; Synapse cannot deliver transactions`,
    );
  }
}

function portOf(url: string): number | undefined {
  try {
    const parsed = new URL(url);
    return Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80));
  } catch {
    return undefined;
  }
}
