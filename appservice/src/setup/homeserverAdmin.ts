/**
 * Set-up calls against Synapse that happen before the appservice runs: shared-secret user
 * registration (demo org, test users) and turning the appservice bot into a server admin.
 * Plain fetch, no SDK: these run from scripts, the test harness and the `bootstrap` command.
 */
import { createHmac } from "node:crypto";
import { randomToken } from "./secrets.ts";

/** An HTTP error from Synapse, carrying its errcode. */
export class HomeserverError extends Error {
  override name = "HomeserverError";
  constructor(
    message: string,
    readonly status: number,
    readonly errcode: string | undefined,
  ) {
    super(message);
  }
}

/** A registered account's credentials. */
export type RegisteredUser = { user_id: string; access_token: string; device_id: string };

async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  const url = new URL(path, baseUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        "content-type": "application/json",
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new HomeserverError(
      `cannot reach Synapse at ${baseUrl}: ${(error as Error).message}`,
      0,
      undefined,
    );
  }
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // Non-JSON error pages are reported by status below.
  }
  if (!response.ok) {
    const errcode = typeof json.errcode === "string" ? json.errcode : undefined;
    const detail = typeof json.error === "string" ? json.error : text.slice(0, 200);
    throw new HomeserverError(
      `${method} ${path} → ${response.status} ${errcode ?? ""} ${detail}`.trim(),
      response.status,
      errcode,
    );
  }
  return json as T;
}

/** Options for {@link registerWithSharedSecret}. */
export type SharedSecretRegistration = {
  homeserverUrl: string;
  sharedSecret: string;
  username: string;
  password: string;
  admin?: boolean;
  displayName?: string;
};

/**
 * Registers a user through Synapse's shared-secret admin API (nonce + HMAC-SHA1).
 * @throws HomeserverError with errcode M_USER_IN_USE when the user exists
 */
export async function registerWithSharedSecret(
  opts: SharedSecretRegistration,
): Promise<RegisteredUser> {
  const { nonce } = await call<{ nonce: string }>(
    opts.homeserverUrl,
    "GET",
    "/_synapse/admin/v1/register",
  );
  const admin = opts.admin ?? false;
  const mac = createHmac("sha1", opts.sharedSecret)
    .update([nonce, opts.username, opts.password, admin ? "admin" : "notadmin"].join("\0"))
    .digest("hex");
  return call<RegisteredUser>(opts.homeserverUrl, "POST", "/_synapse/admin/v1/register", {
    body: {
      nonce,
      username: opts.username,
      password: opts.password,
      admin,
      mac,
      ...(opts.displayName ? { displayname: opts.displayName } : {}),
    },
  });
}

/** What {@link ensureBotIsAdmin} needs. */
export type BotBootstrap = {
  homeserverUrl: string;
  serverName: string;
  asToken: string;
  botLocalpart: string;
  sharedSecret: string;
  displayName?: string;
};

/**
 * Registers the appservice bot (if needed) and makes it a Synapse server admin, which the
 * appservice needs for the Admin API (joins, purge history). Idempotent.
 *
 * Synapse reserves the bot's ID for the appservice, so shared-secret registration can't create
 * it as an admin. Instead a one-off set-up account is registered as admin, promotes the bot, and
 * is deactivated straight away. Returns whether a promotion was needed.
 */
export async function ensureBotIsAdmin(opts: BotBootstrap): Promise<{ promoted: boolean }> {
  const botId = `@${opts.botLocalpart}:${opts.serverName}`;
  try {
    await call(opts.homeserverUrl, "POST", "/_matrix/client/v3/register", {
      token: opts.asToken,
      body: {
        type: "m.login.application_service",
        username: opts.botLocalpart,
        inhibit_login: true,
      },
    });
  } catch (error) {
    if (!(error instanceof HomeserverError && error.errcode === "M_USER_IN_USE")) throw error;
  }
  if (opts.displayName) {
    await call(
      opts.homeserverUrl,
      "PUT",
      `/_matrix/client/v3/profile/${encodeURIComponent(botId)}/displayname`,
      { token: opts.asToken, body: { displayname: opts.displayName } },
    );
  }
  const adminPath = `/_synapse/admin/v1/users/${encodeURIComponent(botId)}/admin`;
  try {
    const state = await call<{ admin: boolean }>(opts.homeserverUrl, "GET", adminPath, {
      token: opts.asToken,
    });
    if (state.admin) return { promoted: false };
  } catch (error) {
    // 403: the bot is not an admin yet (only admins may ask).
    if (!(error instanceof HomeserverError && error.status === 403)) throw error;
  }
  const setup = await registerWithSharedSecret({
    homeserverUrl: opts.homeserverUrl,
    sharedSecret: opts.sharedSecret,
    username: `staffroom-setup-${randomToken()
      .slice(0, 10)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "x")}`,
    password: randomToken(),
    admin: true,
  });
  try {
    await call(opts.homeserverUrl, "PUT", adminPath, {
      token: setup.access_token,
      body: { admin: true },
    });
  } finally {
    await call(
      opts.homeserverUrl,
      "POST",
      `/_synapse/admin/v1/deactivate/${encodeURIComponent(setup.user_id)}`,
      { token: setup.access_token, body: { erase: true } },
    ).catch(() => undefined);
  }
  return { promoted: true };
}

/** Synapse's version string from the admin-free `/_synapse/admin/v1/server_version`, or "unknown". */
export async function synapseVersion(homeserverUrl: string): Promise<string> {
  try {
    const json = await call<{ server_version?: string }>(
      homeserverUrl,
      "GET",
      "/_synapse/admin/v1/server_version",
    );
    return json.server_version ?? "unknown";
  } catch {
    return "unknown";
  }
}
