// Ports of the direct-chat and directory features. src/db/ and src/matrix/ implement them;
// unit tests pass in-memory versions.

import type { DirectContent } from "./mDirect.ts";

/** Where a pair's direct room stands. */
export type DirectRoomStatus =
  /** Claimed; the room may not exist yet, or exists but is not fully set up. */
  | "creating"
  /** Created, both joined, power levels and `m.direct` set. */
  | "ready";

/** One operator pair's direct room as stored. */
export type DirectRoomRecord = {
  pairKey: string;
  userA: string;
  userB: string;
  /** Null until the room has been created. */
  roomId: string | null;
  status: DirectRoomStatus;
};

/** The `direct_rooms` table: exactly one row per operator pair (unique `pair_key`). */
export interface DirectRoomStore {
  get(pairKey: string): Promise<DirectRoomRecord | undefined>;
  /** Inserts a `creating` row for the pair unless one exists (never overwrites). */
  claim(pair: { key: string; userA: string; userB: string }): Promise<void>;
  /** Records the pair's room and status. */
  setRoom(pairKey: string, roomId: string, status: DirectRoomStatus): Promise<void>;
  /** Every pair `userId` is part of that has a room. */
  listForUser(userId: string): Promise<DirectRoomRecord[]>;
  /**
   * Records an existing room (a DM adopted from another client) as the pair's `ready` room,
   * unless the pair already has a room: then nothing changes.
   * @returns whether the room is now the pair's
   */
  adopt(pair: { key: string; userA: string; userB: string }, roomId: string): Promise<boolean>;
  /** The room IDs of every pair that has a room. */
  listRoomIds(): Promise<string[]>;
}

/**
 * The staff guard's staff list (synapse-config/modules/staffroom_staff_guard.py checks every
 * join into a direct room against it).
 */
export interface StaffListPort {
  /** Puts these operators on the list unless they are on it; throws when there is no list. */
  ensureListed(userIds: readonly string[]): Promise<void>;
}

/** What the bot does in Synapse for direct rooms. */
export interface DirectRoomGateway {
  /**
   * Creates the pair's room under `aliasLocalpart` (in the appservice's namespace), or returns
   * the room that already holds that alias. The alias is the creation's idempotency key: a
   * crash after Synapse created the room but before the database recorded it finds the same
   * room next time instead of making a second one.
   */
  createOrFindRoom(aliasLocalpart: string): Promise<string>;
  /**
   * Sets the managed-room marker `io.staffroom.managed` `{"kind": "direct"}` unless the room
   * carries a marker already (any kind: never overwritten). True when it wrote one.
   */
  ensureMarker(roomId: string): Promise<boolean>;
  /** User IDs whose membership in the room is `join`. */
  joinedMembers(roomId: string): Promise<string[]>;
  /** Joins a local user directly (Admin API): no invite to accept. */
  joinUser(roomId: string, userId: string): Promise<void>;
  /**
   * Sets `users[id] = level` in the room's power levels for each entry, and the meeting events
   * to 0 (CALL_EVENT_POWER), writing only if needed.
   */
  ensurePowerLevels(roomId: string, levels: Readonly<Record<string, number>>): Promise<void>;
  /**
   * Reads `userId`'s `m.direct`, passes it to `update` and writes the result back unless
   * `update` returns undefined. The caller serialises updates per user.
   */
  updateDirect(
    userId: string,
    update: (content: DirectContent) => DirectContent | undefined,
  ): Promise<void>;
}

/** A managed room as the directory API needs it (read side of the managed rooms store). */
export type ManagedRoomRef = {
  kind: "space" | "all_staff" | "department";
  /** Department id, or `space` / `all-staff`. */
  key: string;
  roomId: string;
  archivedAt: Date | null;
};

/** Reads the managed rooms recorded by provisioning. */
export interface ManagedRoomReader {
  list(): Promise<readonly ManagedRoomRef[]>;
}

/** A user's presence as Synapse reports it; `unknown` when Synapse would not say. */
export type PresenceInfo = {
  presence: "online" | "unavailable" | "offline" | "unknown";
  lastActiveAgo?: number;
  currentlyActive?: boolean;
  statusMsg?: string;
};

/** Presence of local users, as the bot sees it. */
export interface PresenceSource {
  /** Never throws: an error answer becomes `presence: "unknown"`. */
  presenceOf(userId: string): Promise<PresenceInfo>;
}
