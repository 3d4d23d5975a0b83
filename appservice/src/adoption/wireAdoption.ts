// Wiring of direct chats and room adoption, which need each other: the pair rule makes an
// adopted DM the pair's direct room, and opening a direct chat first looks for such a DM.
import type { Knex } from "knex";
import {
  makeAdoptedRoomStore,
  makeOtherDirectRooms,
  makeOwnRoomsSource,
} from "../db/adoptedRoomStore.ts";
import { makeDirectRoomStore } from "../db/directRoomStore.ts";
import { makeDirectRoomService, type DirectRoomService } from "../direct/directRoomService.ts";
import type { Org } from "../directory/org.ts";
import { makeAdoptionGateway } from "../matrix/adoptionGateway.ts";
import type { BotHttp } from "../matrix/botHttp.ts";
import { makeDirectRoomGateway } from "../matrix/directRoomGateway.ts";
import { makeStaffListKeeper } from "../matrix/staffListGateway.ts";
import { makeLogger } from "../observability/logger.ts";
import type { SettingsStore } from "../retention/ports.ts";
import { makeAdoptionService, type AdoptionService } from "./adoptionService.ts";

const log = makeLogger("Adoption");

/** What {@link wireDirectAndAdoption} needs. */
export type DirectAndAdoptionDeps = {
  db: Knex;
  http: BotHttp;
  serverName: string;
  getOrg: () => Org;
  settings: Pick<SettingsStore, "getScrubDays">;
  /** Resolves when the membership sync is idle (its first pass makes the staff list). */
  waitForSync: () => Promise<void>;
};

/** Builds the direct-room service and the adoption service, each knowing the other. */
export function wireDirectAndAdoption(deps: DirectAndAdoptionDeps): {
  directRooms: DirectRoomService;
  adoption: AdoptionService;
  /** For the directory API: the pairs' other DMs made in another client. */
  otherRooms: ReturnType<typeof makeOtherDirectRooms>;
  /**
   * Marks Staffroom DMs made before the staff guard's marker existed (once a start), starts the
   * adoption scans every `intervalMinutes`, and a scan after every directory change (who is
   * staff may have changed).
   */
  start(intervalMinutes: number, onDirectoryChanged: (listener: () => void) => unknown): void;
} {
  const late: { adoption?: AdoptionService } = {};
  const directRooms = makeDirectRoomService({
    store: makeDirectRoomStore(deps.db),
    gateway: makeDirectRoomGateway(deps.http, deps.serverName),
    adoptExisting: async (pair, listed) => late.adoption?.adoptListed(pair, listed),
    // The staff guard's list: both people are on it before they are joined to a DM.
    staffList: makeStaffListKeeper(deps.http, deps.serverName, deps.waitForSync),
  });
  const adoption = makeAdoptionService({
    gateway: makeAdoptionGateway(deps.http),
    store: makeAdoptedRoomStore(deps.db),
    ownRooms: makeOwnRoomsSource(deps.db),
    getOrg: deps.getOrg,
    botUserId: deps.http.botUserId,
    scrubDays: () => deps.settings.getScrubDays(),
    direct: directRooms,
    log,
  });
  late.adoption = adoption;
  const start = (
    intervalMinutes: number,
    onDirectoryChanged: (listener: () => void) => unknown,
  ) => {
    void directRooms.markAll().catch((error: unknown) => {
      log.warn("could not list direct rooms to mark them", { error });
    });
    onDirectoryChanged(() => adoption.request());
    adoption.start(intervalMinutes);
  };
  return { directRooms, adoption, otherRooms: makeOtherDirectRooms(deps.db), start };
}
