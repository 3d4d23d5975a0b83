// What room adoption needs from the outside world: src/matrix/adoptionGateway.ts implements
// the Synapse side, src/db/adoptedRoomStore.ts the database. Unit tests pass in-memory ones.
import type { AdoptedKind, StateEvent } from "./adoptionPlanner.ts";

/** A room as Synapse's Admin API room list shows it. */
export type RoomSummary = {
  roomId: string;
  creator: string | undefined;
  /** Local users joined (0: nobody here can read it any more). */
  joinedLocalMembers: number;
};

/** One page of the server's room list; `next` undefined at the end. */
export type RoomListPage = { rooms: RoomSummary[]; next: string | undefined };

/** Synapse operations of adoption (Admin API and client-server API as the bot). */
export interface AdoptionGateway {
  /** The server's rooms, `limit` at a time (Admin API `GET /rooms`). */
  listRooms(from: string | undefined, limit: number): Promise<RoomListPage>;
  /** The room's current state (Admin API `GET /rooms/{id}/state`). */
  roomState(roomId: string): Promise<StateEvent[]>;
  /**
   * Brings the bot into the room with the power of its most powerful local member (Admin API
   * `make_room_admin`, which also invites it), then joins it. Repeating it is harmless.
   */
  takeOver(roomId: string): Promise<void>;
  /**
   * Lists the bot in `io.element.functional_members` (MSC4171), keeping the others listed,
   * so Element still names a DM after the other person and treats it as 1:1.
   */
  addServiceMember(roomId: string): Promise<void>;
  /** Writes the marker `io.staffroom.managed` `{kind}`, or `{}` (not managed) for null. */
  setMarker(roomId: string, kind: AdoptedKind | null): Promise<void>;
  /** Publishes `m.room.retention` (`max_lifetime` in ms), or an empty content when null. */
  setRetention(roomId: string, maxLifetimeMs: number | null): Promise<void>;
}

/** Where a room found in another client stands. */
export type AdoptedStatus = "adopted" | "outside";

/** One row of `adopted_rooms`. */
export type AdoptedRoom = {
  roomId: string;
  kind: AdoptedKind;
  status: AdoptedStatus;
  excluded: boolean;
  name: string;
  /** Set for a DM between two operators. */
  pairKey: string | null;
  members: string[];
  outsiders: string[];
  foundAt: Date;
};

/** The `adopted_rooms` table (migration 0011). */
export interface AdoptedRoomStore {
  list(): Promise<AdoptedRoom[]>;
  get(roomId: string): Promise<AdoptedRoom | undefined>;
  /**
   * Inserts or updates the room (`excluded` and `foundAt` of an existing row are kept); audits
   * an adoption (`rooms.adopt`, actor `staffroom`) when the room was not adopted before.
   */
  save(room: Omit<AdoptedRoom, "excluded" | "foundAt">): Promise<void>;
  /** Forgets a room that is no longer a candidate (an "outside" room everyone left). */
  remove(roomId: string): Promise<void>;
  /** Sets `excluded` and audits who did it (`rooms.policy`, `{excluded}`). */
  setExcluded(roomId: string, excluded: boolean, actor: string): Promise<void>;
  /** Adopted DMs of an operator pair, oldest first. */
  forPair(pairKey: string): Promise<AdoptedRoom[]>;
}

/** Rooms that are Staffroom's own (managed rooms, its direct rooms, meeting rooms). */
export type OwnRoomsSource = () => Promise<ReadonlySet<string>>;
