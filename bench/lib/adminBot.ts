/** The appservice bot on a benchmark's throwaway Synapse: made a server admin, with its HTTP client. */
import { ensureBotIsAdmin } from "../../appservice/src/setup/index.ts";
import { makeBotHttp, type BotHttp } from "../../appservice/src/matrix/botHttp.ts";
import type { TestSynapse } from "../../tests/harness/synapse.ts";

/** Registers the bot, makes it admin, and returns its client with the server's domain. */
export async function adminBot(
  synapse: TestSynapse,
): Promise<{ domain: string; botUserId: string; http: BotHttp }> {
  const domain = synapse.serverName;
  const botUserId = `@${synapse.botLocalpart}:${domain}`;
  await ensureBotIsAdmin({
    homeserverUrl: synapse.url,
    serverName: domain,
    asToken: synapse.secrets.as_token,
    botLocalpart: synapse.botLocalpart,
    sharedSecret: synapse.secrets.registration_shared_secret,
  });
  const http = makeBotHttp({ baseUrl: synapse.url, asToken: synapse.secrets.as_token, botUserId });
  return { domain, botUserId, http };
}
