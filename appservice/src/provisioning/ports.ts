import type { LockHolder } from "../locks/lockDecision.ts";
import type { ManagedRoom, ObservedRoom, ObservedStaffList, RoomKind } from "./model.ts";

// What provisioning needs from Synapse and from the database, as ports. src/matrix/roomGateway.ts
// and src/db/*Store.ts implement them; unit tests pass in-memory versions.

/** How to create a managed room. */
export type RoomSpec = {
  /** Alias localpart without `#` and domain, e.g. `dept-sales`. */
  aliasLocalpart: string;
  name: string;
  topic: string | undefined;
  /** A Space (`creation_content.type: m.space`) rather than a chat room. */
  space: boolean;
  /** Add `m.room.encryption` (config `provisioning.encrypt_rooms`). */
  encrypted: boolean;
  /** The `io.staffroom.managed` marker's kind, set in the initial state. */
  kind: RoomKind;
};

/**
 * The staff list the Synapse staff guard reads: a room of the bot's alone, one
 * `io.staffroom.staff` state event per person (docs/contracts.md, "Staff guard").
 */
export interface StaffListGateway {
  /** The list under `alias` with who is on it (one read for the state); undefined: none. */
  observeStaffList(alias: string): Promise<ObservedStaffList | undefined>;
  /**
   * Creates the list with `staff` on it in the initial state. When the alias is taken (a pass
   * died after creating it), returns that room instead: `adopted: true`.
   */
  createStaffList(
    aliasLocalpart: string,
    staff: readonly string[],
  ): Promise<{ roomId: string; adopted: boolean }>;
  /** `{"staff": true}` for `user`, or `{}` when `staff` is false. */
  setStaff(roomId: string, user: string, staff: boolean): Promise<void>;
}

/** The homeserver side of provisioning (the bot, a server admin, does all of it). */
export interface RoomGateway extends StaffListGateway {
  /** Current state of a room in one request; undefined when Synapse does not know the room. */
  observeRoom(roomId: string): Promise<ObservedRoom | undefined>;
  /**
   * Creates a room with the bot as creator. When the alias is taken (a pass died after creating
   * it), resolves the alias and returns that room instead: `adopted: true`.
   */
  createRoom(spec: RoomSpec): Promise<{ roomId: string; adopted: boolean }>;
  /** The room an alias points to, or undefined. */
  resolveAlias(alias: string): Promise<string | undefined>;
  /** Joins a local user directly (Admin API); nobody has to accept an invite. */
  join(roomId: string, userId: string, options: { unban: boolean }): Promise<void>;
  /** Kicks (or revokes the invite of) a user, with a reason shown in clients. */
  kick(roomId: string, userId: string, reason: string): Promise<void>;
  /**
   * Replaces the `users` map of `m.room.power_levels`, keeping every other key. Users the room
   * version gives unlimited power (creators) are left out, as Synapse requires.
   */
  setPowerLevelUsers(roomId: string, users: Readonly<Record<string, number>>): Promise<void>;
  /** Sets these entries of the power levels' `events` map, keeping every other key. */
  setEventPowerLevels(roomId: string, events: Readonly<Record<string, number>>): Promise<void>;
  setName(roomId: string, name: string): Promise<void>;
  setTopic(roomId: string, topic: string): Promise<void>;
  /** Sets the `io.staffroom.managed` marker `{kind}`. */
  setMarker(roomId: string, kind: RoomKind): Promise<void>;
  /**
   * `m.space.child` on the Space and, when `parent` (default), `m.space.parent` on the child,
   * set or removed. Rooms the appservice does not manage get no parent write.
   */
  setSpaceChild(
    spaceId: string,
    childId: string,
    present: boolean,
    parent?: boolean,
  ): Promise<void>;
  /** Deactivates an account (Admin API); messages stay. */
  deactivate(userId: string): Promise<void>;
}

/** The managed rooms table and the memberships the sync made. */
export interface ManagedRoomStorePort {
  list(): Promise<ManagedRoom[]>;
  get(kind: RoomKind, key: string): Promise<ManagedRoom | undefined>;
  /** Inserts or replaces the room of (kind, key); clears archivedAt. */
  upsert(room: { kind: RoomKind; key: string; roomId: string; alias: string }): Promise<void>;
  setArchived(kind: RoomKind, key: string, at: Date | null): Promise<void>;
  /** room ID → users the sync joined there and has not removed. */
  listManagedMembers(): Promise<Map<string, Set<string>>>;
  addManagedMember(roomId: string, userId: string): Promise<void>;
  removeManagedMember(roomId: string, userId: string): Promise<void>;
  /** Forgets every membership of a user (after deactivation). */
  forgetUser(userId: string): Promise<void>;
}

/**
 * Status of a sync run. `busy`: another process held the lock, nothing was done.
 * `interrupted`: the process running it stopped (killed, crashed) before it finished.
 */
export type SyncRunStatus = "running" | "succeeded" | "partial" | "failed" | "busy" | "interrupted";

/** A row of `sync_runs`. */
export type SyncRunRecord = {
  id: string;
  trigger: string;
  dryRun: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  status: SyncRunStatus;
  summary: Record<string, unknown> | null;
  /** Why it ended without a summary, e.g. for an interrupted run. */
  reason: string | null;
};

/** One action's outcome, as written to `audit_log`. */
export type AuditEntry = {
  runId: string;
  /** Dotted verb, e.g. `sync.join`. */
  action: string;
  /** Room or user ID acted on. */
  target: string | undefined;
  details: Record<string, unknown>;
};

/** Sync runs and the audit records of a run. */
export interface SyncRunStorePort {
  /** Records a run as running; `holder` is the process running it (formatHolder). */
  start(run: {
    id: string;
    trigger: string;
    dryRun: boolean;
    startedAt: Date;
    holder: string;
  }): Promise<void>;
  finish(
    id: string,
    result: { status: SyncRunStatus; finishedAt: Date; summary: Record<string, unknown> },
  ): Promise<void>;
  /** Newest first. */
  recent(limit: number): Promise<SyncRunRecord[]>;
  audit(entry: AuditEntry): Promise<void>;
  /**
   * Marks runs left "running" by a process that is gone as `interrupted` (ended `at`, with
   * `reason`) and returns their ids. Called while holding the sync lock, so every other writing
   * run still "running" is such a run; a dry run is when `isGone` says so of its holder.
   */
  interruptLeftOver(
    ownId: string,
    isGone: (holder: LockHolder) => boolean,
    reason: string,
    at: Date,
  ): Promise<string[]>;
}
