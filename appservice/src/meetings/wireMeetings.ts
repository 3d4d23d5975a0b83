/** Puts the token service and the guest service together from the `meetings` config (or says why meetings are off). */
import type { Knex } from "knex";
import type { MeetingsConfig } from "../config/schema.ts";
import { makeMeetingStore } from "../db/meetingStore.ts";
import type { BotHttp } from "../matrix/botHttp.ts";
import { makeMeetingRoomGateway } from "../matrix/meetingRoomGateway.ts";
import { makeMeetingsGateway } from "../matrix/meetingsGateway.ts";
import { makeLogger } from "../observability/logger.ts";
import { makeLivekitSfu } from "./livekitSfu.ts";
import { makeSmtpMailer } from "./mailer.ts";
import { makeMeetingService, type MeetingService } from "./meetingService.ts";
import type { MeetingsRouterDeps } from "./meetingsRouter.ts";
import { makeTokenService } from "./tokenService.ts";

const log = makeLogger("Meetings");

/** How often expired guests are looked for. */
const SWEEP_INTERVAL_MS = 60_000;

const OFF_REASON =
  "they are turned off on this server (meetings.enabled in the appservice config).";

/** The router's `meetings` dependency for this config. */
export function wireMeetings(
  config: MeetingsConfig,
  serverName: string,
  http: BotHttp,
): MeetingsRouterDeps["meetings"] {
  if (!config.enabled) return { enabled: false, reason: OFF_REASON };
  return {
    enabled: true,
    service: makeTokenService({
      serverName,
      homeserver: makeMeetingsGateway(http),
      sfu: makeLivekitSfu(config.livekit),
    }),
  };
}

/** Meeting rooms and guests: the service (or why it is off) and its expiry sweep. */
export type MeetingGuests = {
  meetings: { enabled: true; service: MeetingService } | { enabled: false; reason: string };
  /** Stops the sweep timer. */
  stop(): void;
};

/** Builds the guest service and starts the sweep that deactivates expired guests. */
export function wireMeetingGuests(config: MeetingsConfig, http: BotHttp, db: Knex): MeetingGuests {
  if (!config.enabled) return { meetings: { enabled: false, reason: OFF_REASON }, stop() {} };
  const mail =
    config.smtp === undefined
      ? { missing: "meetings.smtp" }
      : config.public_url === undefined
        ? { missing: "meetings.public_url" }
        : { mailer: makeSmtpMailer(config.smtp), publicUrl: config.public_url };
  const service = makeMeetingService({
    store: makeMeetingStore(db),
    gateway: makeMeetingRoomGateway(http),
    mail,
    inviteTtlMs: config.invite_hours * 3_600_000,
  });
  const timer = setInterval(() => {
    service.sweep().catch((error: unknown) => log.warn("guest sweep failed", { error }));
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return { meetings: { enabled: true, service }, stop: () => clearInterval(timer) };
}
