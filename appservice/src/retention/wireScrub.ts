// The scrub's wiring for the composition root (main.ts): its run store, the rooms in scope with
// their names, the purge gateway and the run lock, around one ScrubService.
import type { Knex } from "knex";
import { makeScrubRunStore } from "../db/scrubRunStore.ts";
import { makeScrubScopeSource } from "../db/scrubScopeStore.ts";
import type { Org } from "../directory/org.ts";
import type { RunLock } from "../locks/runLock.ts";
import type { BotHttp } from "../matrix/botHttp.ts";
import { makePurgeGateway } from "../matrix/purgeGateway.ts";
import { makeRoomNameLookup } from "../matrix/roomNameGateway.ts";
import { makeLogger } from "../observability/logger.ts";
import type { EventLedger, ScrubRunStore, SettingsStore } from "./ports.ts";
import { pacingFromConfig } from "./purgePacer.ts";
import { makeScrubService, type ScrubService } from "./scrubService.ts";

/** What {@link wireScrub} needs from the composition root. */
export type ScrubWiring = {
  db: Knex;
  http: BotHttp;
  /** The bot's client for the media Admin API (the media worker's, with workers). */
  mediaHttp: BotHttp;
  serverName: string;
  getOrg: () => Org;
  settings: SettingsStore;
  ledger: EventLedger;
  lock: RunLock;
  retention: Parameters<typeof pacingFromConfig>[0];
};

/** Builds the scrub service and the run store the admin API lists runs from. */
export function wireScrub(deps: ScrubWiring): { scrub: ScrubService; runs: ScrubRunStore } {
  const runs = makeScrubRunStore(deps.db);
  const naming = { getOrg: deps.getOrg, matrixName: makeRoomNameLookup(deps.http) };
  const scrub = makeScrubService({
    gateway: makePurgeGateway(deps.http, {
      serverName: deps.serverName,
      mediaHttp: deps.mediaHttp,
    }),
    ledger: deps.ledger,
    runs,
    settings: deps.settings,
    scope: makeScrubScopeSource(deps.db, naming),
    log: makeLogger("Scrub"),
    lock: deps.lock,
    pacing: pacingFromConfig(deps.retention),
  });
  return { scrub, runs };
}
