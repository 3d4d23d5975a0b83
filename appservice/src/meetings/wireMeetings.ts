/** Puts the token service together from the `meetings` config (or says why meetings are off). */
import type { MeetingsConfig } from "../config/schema.ts";
import type { BotHttp } from "../matrix/botHttp.ts";
import { makeMeetingsGateway } from "../matrix/meetingsGateway.ts";
import { makeLivekitSfu } from "./livekitSfu.ts";
import type { MeetingsRouterDeps } from "./meetingsRouter.ts";
import { makeTokenService } from "./tokenService.ts";

/** The router's `meetings` dependency for this config. */
export function wireMeetings(
  config: MeetingsConfig,
  serverName: string,
  http: BotHttp,
): MeetingsRouterDeps["meetings"] {
  if (!config.enabled) {
    return {
      enabled: false,
      reason: "they are turned off on this server (meetings.enabled in the appservice config).",
    };
  }
  return {
    enabled: true,
    service: makeTokenService({
      serverName,
      homeserver: makeMeetingsGateway(http),
      sfu: makeLivekitSfu(config.livekit),
    }),
  };
}
