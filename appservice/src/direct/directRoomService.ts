import { createHash } from "node:crypto";
import { makeLogger } from "../observability/logger.ts";
import { otherMember, type OperatorPair } from "./directPair.ts";
import { makeKeyedLock, type KeyedLock } from "./keyedLock.ts";
import { addDirectRoom, directRoomsWith } from "./mDirect.ts";
import type { DirectRoomGateway, DirectRoomStore, StaffListPort } from "./ports.ts";

const log = makeLogger("DirectRooms");

/** Power level of both people in their direct room (the bot, its creator, has 100). */
export const DIRECT_MEMBER_POWER = 50;

/** What {@link makeDirectRoomService} needs. */
export type DirectRoomServiceDeps = {
  store: DirectRoomStore;
  gateway: DirectRoomGateway;
  /** Shared with nothing else by default; injectable so tests can watch it drain. */
  lock?: KeyedLock;
  /** The staff guard's list: both people are on it before they are joined. */
  staffList?: StaffListPort;
  /**
   * The pair rule's first step: given the rooms the pair's `m.direct` lists for each other
   * (a DM made in another client), adopts one that qualifies and returns it, so a pair with no
   * Staffroom room gets that DM instead of a second one. Left out: always create.
   */
  adoptExisting?: (pair: OperatorPair, listed: readonly string[]) => Promise<string | undefined>;
};

/** Direct rooms between operators: one per pair, created on first use, repaired on use. */
export interface DirectRoomService {
  /**
   * The pair's room. Creates it on first use (both joined, power 50 each, listed in both
   * people's `m.direct`, under the staff guard's marker); later calls re-join anyone who left,
   * mark a room made before markers, and finish a set-up that an earlier crash interrupted. Calls for the same pair run one at a time, so A→B and B→A at
   * the same moment get the same room.
   */
  ensureRoom(pair: OperatorPair): Promise<string>;
  /** The other person → room ID, for every pair of `userId` that has a room. */
  roomsOf(userId: string): Promise<Map<string, string>>;
  /**
   * Puts every direct room without a marker under the staff guard (rooms made before the
   * marker existed). Never throws: a room that fails is counted and marked on its next use.
   */
  markAll(): Promise<{ rooms: number; marked: number; failed: number }>;
  /**
   * The pair rule for a DM adopted from another client: it becomes the pair's room (listed in
   * both people's `m.direct`) unless the pair has one already.
   * @returns whether it is now the pair's room
   */
  adoptRoom(pair: OperatorPair, roomId: string): Promise<boolean>;
}

/**
 * The localpart of the pair's hidden room alias, `staffroom-dm-<hash>` (in the appservice's
 * exclusive `#staffroom-*` namespace): a digest of the pair key, so the alias does not spell
 * out who talks to whom and stays within Synapse's alias length limit.
 */
export function directAliasLocalpart(pairKey: string): string {
  return `staffroom-dm-${createHash("sha256").update(pairKey).digest("hex").slice(0, 32)}`;
}

/** Builds the {@link DirectRoomService}. */
export function makeDirectRoomService(deps: DirectRoomServiceDeps): DirectRoomService {
  const { store, gateway } = deps;
  const lock = deps.lock ?? makeKeyedLock();

  // Per-user lock: two new DMs of the same person must not both read the old m.direct and
  // each write back a version without the other's room.
  const addToDirect = (userId: string, other: string, roomId: string) =>
    lock.run(`m.direct ${userId}`, () =>
      gateway.updateDirect(userId, (content) => addDirectRoom(content, other, roomId)),
    );

  // Brings the room to the wanted state. `full`: also check power levels and write m.direct
  // for both (first set-up, or one a crash interrupted); otherwise only people who had left
  // are re-joined and get their m.direct entry back.
  async function converge(roomId: string, pair: OperatorPair, full: boolean): Promise<void> {
    if (await gateway.ensureMarker(roomId)) log.info("direct room marked", { room: roomId });
    const joined = new Set(await gateway.joinedMembers(roomId));
    const absent = [pair.userA, pair.userB].filter((userId) => !joined.has(userId));
    // The staff guard checks each join: someone the directory just gained may not be listed.
    if (absent.length > 0) await deps.staffList?.ensureListed(absent);
    for (const userId of absent) {
      if (!full) log.info("re-joining a direct room member", { room: roomId, user: userId });
      await gateway.joinUser(roomId, userId);
      if (!full) await addToDirect(userId, otherMember(pair, userId), roomId);
    }
    if (!full) return;
    await gateway.ensurePowerLevels(roomId, {
      [pair.userA]: DIRECT_MEMBER_POWER,
      [pair.userB]: DIRECT_MEMBER_POWER,
    });
    await addToDirect(pair.userA, pair.userB, roomId);
    await addToDirect(pair.userB, pair.userA, roomId);
  }

  // Adopted rooms keep their own power levels (both people are usually 100 there already):
  // only m.direct and the row are written. Runs under the pair lock.
  async function adopt(pair: OperatorPair, roomId: string): Promise<boolean> {
    const row = await store.get(pair.key);
    if (row?.roomId != null) return row.roomId === roomId;
    await addToDirect(pair.userA, pair.userB, roomId);
    await addToDirect(pair.userB, pair.userA, roomId);
    const adopted = await store.adopt(pair, roomId);
    if (adopted)
      log.info("direct room adopted from another client", { room: roomId, pair: pair.key });
    return adopted;
  }

  // The rooms A's m.direct lists under B and B's under A, read without writing.
  async function listedFor(pair: OperatorPair): Promise<string[]> {
    const listed = new Set<string>();
    for (const userId of [pair.userA, pair.userB]) {
      await lock.run(`m.direct ${userId}`, () =>
        gateway.updateDirect(userId, (content) => {
          for (const roomId of directRoomsWith(content, otherMember(pair, userId))) {
            listed.add(roomId);
          }
          return undefined;
        }),
      );
    }
    return [...listed];
  }

  return {
    adoptRoom: (pair, roomId) => lock.run(`pair ${pair.key}`, () => adopt(pair, roomId)),

    ensureRoom(pair) {
      return lock.run(`pair ${pair.key}`, async () => {
        const row = await store.get(pair.key);
        if (row?.roomId != null && row.status === "ready") {
          await converge(row.roomId, pair, false);
          return row.roomId;
        }
        if (row?.roomId == null && deps.adoptExisting !== undefined) {
          const listed = await listedFor(pair);
          const found = listed.length === 0 ? undefined : await deps.adoptExisting(pair, listed);
          if (found !== undefined && (await adopt(pair, found))) {
            await converge(found, pair, false);
            return found;
          }
        }
        // Claim first, then create: the row (unique pair_key) says "a room is on its way",
        // and the alias makes creating it again after a crash find the same room.
        if (row === undefined) await store.claim(pair);
        let roomId = row?.roomId ?? null;
        if (roomId === null) {
          roomId = await gateway.createOrFindRoom(directAliasLocalpart(pair.key));
          await store.setRoom(pair.key, roomId, "creating");
          log.info("direct room created", { room: roomId, pair: pair.key });
        }
        await converge(roomId, pair, true);
        await store.setRoom(pair.key, roomId, "ready");
        return roomId;
      });
    },

    async markAll() {
      const roomIds = await store.listRoomIds();
      let marked = 0;
      let failed = 0;
      for (const roomId of roomIds) {
        try {
          if (await gateway.ensureMarker(roomId)) marked++;
        } catch (error) {
          failed++;
          log.warn("could not mark a direct room; it is marked when next opened", {
            room: roomId,
            error,
          });
        }
      }
      if (marked > 0 || failed > 0) {
        log.info("direct rooms put under the staff guard", {
          rooms: roomIds.length,
          marked,
          failed,
        });
      }
      return { rooms: roomIds.length, marked, failed };
    },

    async roomsOf(userId) {
      const rooms = new Map<string, string>();
      for (const record of await store.listForUser(userId)) {
        if (record.roomId !== null) rooms.set(otherMember(record, userId), record.roomId);
      }
      return rooms;
    },
  };
}
