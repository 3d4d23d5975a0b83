// Room adoption: finds the rooms staff made in another client through Synapse's Admin API,
// brings the bot in, marks them, publishes the retention policy, and applies the DM pair rule.
// Scans run one at a time: at start-up, on a timer, after a directory change, on demand.
import type { Org } from "../directory/org.ts";
import type { Logger } from "../observability/logger.ts";
import { retentionMaxLifetimeMs } from "../retention/cutoff.ts";
import {
  planAdoption,
  snapshotFromState,
  type AdoptionContext,
  type AdoptionDecision,
} from "./adoptionPlanner.ts";
import type { AdoptedRoom, AdoptedRoomStore, AdoptionGateway, OwnRoomsSource } from "./ports.ts";

/** The room is not one adoption knows (Staffroom's own rooms cannot be excluded). */
export class UnknownAdoptedRoomError extends Error {
  override name = "UnknownAdoptedRoomError";
}

/** What one scan did. */
export type ScanReport = {
  /** Rooms of the server looked at (Staffroom's own left out). */
  inspected: number;
  /** Rooms newly adopted. */
  adopted: number;
  /** Rooms listed because someone outside the directory is in them. */
  outside: number;
  /** Rooms that could not be inspected or adopted (logged; tried again next scan). */
  failed: number;
};

/** What {@link makeAdoptionService} needs. */
export type AdoptionServiceDeps = {
  gateway: AdoptionGateway;
  store: AdoptedRoomStore;
  ownRooms: OwnRoomsSource;
  getOrg: () => Org;
  botUserId: string;
  /** The admins' scrub setting (null: off). */
  scrubDays: () => Promise<number | null>;
  /** The pair rule: the DM becomes the pair's direct room when they have none. */
  direct: {
    adoptRoom(
      pair: { key: string; userA: string; userB: string },
      roomId: string,
    ): Promise<unknown>;
  };
  log: Logger;
  /** Rooms per Admin API room-list page (default 200). */
  pageSize?: number;
};

/** The adoption service. */
export interface AdoptionService {
  /** One scan of the server's rooms (a scan already going on is joined, not repeated). */
  scan(): Promise<ScanReport>;
  /**
   * Looks at one room and adopts it when it qualifies. `pairRule: false` leaves `direct_rooms`
   * alone (the caller applies the pair rule itself).
   */
  inspect(roomId: string, options?: { pairRule?: boolean }): Promise<AdoptionDecision>;
  /**
   * The pair rule's lookup for `POST /api/direct`: of the rooms the pair's `m.direct` lists,
   * adopts the first that is a DM of exactly this pair (without touching `direct_rooms`: the
   * caller does that under its pair lock) and returns it.
   */
  adoptListed(pair: { key: string }, listed: readonly string[]): Promise<string | undefined>;
  /** Every room adoption knows, adopted or listed, oldest first. */
  list(): Promise<AdoptedRoom[]>;
  /**
   * Takes a room out of the policy (marker and m.room.retention emptied, no scrub) or puts it
   * back (both written again); audited. Synapse first, then the database, so a failure leaves
   * the row as it was.
   * @throws UnknownAdoptedRoomError for a room adoption does not know
   */
  setExcluded(roomId: string, excluded: boolean, actor: string): Promise<AdoptedRoom>;
  /** Runs a scan now and every `intervalMinutes` (0: only now and on request). */
  start(intervalMinutes: number): void;
  /** Asks for a scan soon (a directory change: who is staff may have changed). */
  request(): void;
  /** Stops the timer and waits for a running scan. */
  stop(): Promise<void>;
}

/** Builds the service. */
export function makeAdoptionService(deps: AdoptionServiceDeps): AdoptionService {
  const pageSize = deps.pageSize ?? 200;
  let running: Promise<ScanReport> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const context = (): AdoptionContext => {
    const org = deps.getOrg();
    const operators = new Set(org.operators.map((operator) => operator.userId));
    return {
      botUserId: deps.botUserId,
      staff: new Set([...operators, ...org.admins]),
      operators,
      displayNames: new Map(org.operators.map((o) => [o.userId, o.displayName])),
    };
  };

  // Under the policy: the marker and the current retention setting.
  const applyPolicy = async (roomId: string, kind: AdoptedRoom["kind"]) => {
    await deps.gateway.setMarker(roomId, kind);
    const lifetime = retentionMaxLifetimeMs(await deps.scrubDays());
    if (lifetime !== null) await deps.gateway.setRetention(roomId, lifetime);
  };

  async function inspect(roomId: string, pairRule: boolean): Promise<AdoptionDecision> {
    const state = await deps.gateway.roomState(roomId);
    const snapshot = snapshotFromState(roomId, state);
    const decision = planAdoption(snapshot, context());
    const row = await deps.store.get(roomId);
    if (decision.action === "skip") {
      // A listed room everyone left is forgotten; an adopted one stays adopted (its history
      // is still under the policy).
      if (row?.status === "outside") await deps.store.remove(roomId);
      return decision;
    }
    // Once adopted, a room stays adopted: the marker keeps outsiders out, and someone leaving
    // the directory does not take their conversations out of the policy.
    const adopted = decision.action === "adopt" || row?.status === "adopted";
    if (adopted && !row?.excluded) {
      const botJoined = snapshot.members.some(
        (m) => m.userId === deps.botUserId && m.membership === "join",
      );
      if (!botJoined) await deps.gateway.takeOver(roomId);
      if (decision.kind === "other_direct") await deps.gateway.addServiceMember(roomId);
      await applyPolicy(roomId, decision.kind);
    }
    const pair = decision.action === "adopt" ? decision.pair : undefined;
    await deps.store.save({
      roomId,
      kind: decision.kind,
      status: adopted ? "adopted" : "outside",
      name: decision.name,
      pairKey: pair?.key ?? row?.pairKey ?? null,
      members: decision.members,
      outsiders: decision.action === "outside" ? decision.outsiders : [],
    });
    if (row?.status !== "adopted" && adopted) {
      deps.log.info("room adopted", { room: roomId, kind: decision.kind });
    }
    if (pairRule && pair !== undefined) await deps.direct.adoptRoom(pair, roomId);
    return decision;
  }

  async function scanOnce(): Promise<ScanReport> {
    const report: ScanReport = { inspected: 0, adopted: 0, outside: 0, failed: 0 };
    const own = await deps.ownRooms();
    const known = new Map((await deps.store.list()).map((room) => [room.roomId, room]));
    let from: string | undefined;
    do {
      const page = await deps.gateway.listRooms(from, pageSize);
      for (const room of page.rooms) {
        if (stopped) return report;
        if (own.has(room.roomId) || room.creator === deps.botUserId) continue;
        if (room.joinedLocalMembers === 0 && !known.has(room.roomId)) continue;
        report.inspected++;
        try {
          const decision = await inspect(room.roomId, true);
          const before = known.get(room.roomId)?.status;
          if (decision.action === "adopt" && before !== "adopted") report.adopted++;
          if (decision.action === "outside" && before !== "adopted") report.outside++;
        } catch (error) {
          report.failed++;
          deps.log.warn("could not adopt a room; trying again next scan", {
            room: room.roomId,
            error,
          });
        }
      }
      from = page.next;
    } while (from !== undefined);
    deps.log.info("room scan finished", report);
    return report;
  }

  const scan = (): Promise<ScanReport> => {
    running ??= scanOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  const scanInBackground = () => {
    scan().catch((error: unknown) => deps.log.warn("room scan failed", { error }));
  };

  return {
    scan,
    inspect: (roomId, options = {}) => inspect(roomId, options.pairRule ?? true),
    list: () => deps.store.list(),

    async adoptListed(pair, listed) {
      const own = await deps.ownRooms();
      for (const roomId of listed) {
        if (own.has(roomId)) continue;
        try {
          const decision = await inspect(roomId, false);
          if (decision.action === "adopt" && decision.pair?.key === pair.key) return roomId;
        } catch (error) {
          // Not readable or not ours to take (e.g. no local admin left in it): look further.
          deps.log.info("a listed direct room could not be adopted", { room: roomId, error });
        }
      }
      return undefined;
    },

    async setExcluded(roomId, excluded, actor) {
      const row = await deps.store.get(roomId);
      if (row === undefined) {
        throw new UnknownAdoptedRoomError(`${roomId} is not a room created in another client`);
      }
      if (row.status === "adopted" && row.excluded !== excluded) {
        if (excluded) {
          await deps.gateway.setMarker(roomId, null);
          await deps.gateway.setRetention(roomId, null);
        } else {
          await applyPolicy(roomId, row.kind);
        }
      }
      if (row.excluded !== excluded) await deps.store.setExcluded(roomId, excluded, actor);
      return { ...row, excluded };
    },

    start(intervalMinutes) {
      scanInBackground();
      if (intervalMinutes <= 0) return;
      timer = setInterval(scanInBackground, intervalMinutes * 60_000);
      timer.unref();
    },

    request: scanInBackground,

    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
