// What the scrub needs from the outside world, as ports: src/matrix/purgeGateway.ts implements
// the Synapse side, src/db/scrub*Store.ts and settingsStore.ts the database. Unit tests pass
// in-memory versions.
import type { RoomStep, ScrubRunStatus } from "./runState.ts";
import type { ScopeRoom, TimelineEvent } from "./scrubPlanner.ts";

/** One page of a room's timeline, oldest first. `next` is undefined at the end. */
export type TimelinePage = { events: TimelineEvent[]; next: string | undefined };

/** What a caller of {@link PurgeGateway.purgeBefore} learns while it waits. */
export type PurgeWatch = {
  /** How long the purge is expected to take (ms): the first status poll is timed by it. */
  expectedMs?: number;
  /** Called with how long Synapse took to answer each status poll (ms). */
  onAnswer?: (ms: number) => void;
};

/** Synapse operations of a scrub (Admin API + client-server API as the bot). */
export interface PurgeGateway {
  /** Reads the timeline forwards from the start (`from` undefined) through the Admin API. */
  timelinePage(roomId: string, from: string | undefined, limit: number): Promise<TimelinePage>;
  /** Writes the harmless `org.staffroom.scrub_marker` state event; returns its event ID. */
  writeMarker(roomId: string): Promise<string>;
  /** Up to `limit` events right before `eventId`, newest first (the Admin API's `/context`). */
  eventsBefore(roomId: string, eventId: string, limit: number): Promise<TimelineEvent[]>;
  /**
   * Purges every event before `eventId` (local ones too) and waits until Synapse is done:
   * "purged", or "gone" when Synapse no longer has `eventId` (purged already, by an earlier
   * step or by Synapse's own retention job, with everything before it).
   */
  purgeBefore(roomId: string, eventId: string, watch?: PurgeWatch): Promise<"purged" | "gone">;
  /**
   * How long Synapse takes to answer a purge status lookup right now (ms): the same database
   * read as a status poll, for an ID that does not exist.
   */
  answerMs(): Promise<number>;
  /**
   * Deletes one media item: "gone" once it is not in our media store (deleted now, or already
   * gone — a resumed run repeats deletions), "remote" for media of another server (not ours).
   */
  deleteMedia(mxcUri: string): Promise<"gone" | "remote">;
  /** Publishes `m.room.retention` (`max_lifetime` in ms), or an empty content when null. */
  setRetention(roomId: string, maxLifetimeMs: number | null): Promise<void>;
}

/** An event as the ledger keeps it: no content, only what a scrub plans with. */
export type LedgerEvent = {
  room_id: string;
  event_id: string;
  type: string;
  origin_server_ts: number;
  /** Present (any string) for state events. */
  state_key?: string;
  /** mxc:// URIs the event refers to. */
  media: string[];
};

/**
 * The scrub's event ledger (src/db/scrubLedgerStore.ts): every event of the rooms the
 * appservice is in, recorded while the scrub is on, in timeline order, so a run plans from the
 * appservice's database. A room's ledger is complete once its m.room.create arrived live or its
 * earlier history was read once through Synapse ({@link EventLedger.addHistory}).
 */
export interface EventLedger {
  /** Records events delivered live, in the order given (one transaction; known ones ignored). */
  recordLive(events: readonly LedgerEvent[]): Promise<void>;
  isComplete(roomId: string): Promise<boolean>;
  /**
   * Adds events read from the room's history (oldest first), ordered before everything
   * recorded live. Stops at the first event already recorded live.
   * @returns whether that event was reached (the history before the live events is complete)
   */
  addHistory(roomId: string, events: readonly TimelineEvent[]): Promise<{ reachedLive: boolean }>;
  markComplete(roomId: string): Promise<void>;
  /** The room's events in timeline order, `limit` at a time from the cursor `from`. */
  page(roomId: string, from: string | undefined, limit: number): Promise<TimelinePage>;
  /** Forgets the room's events before `eventId` (all of them when it is not in the ledger). */
  forgetBefore(roomId: string, eventId: string): Promise<void>;
  /** Forgets the rooms outside the scrub's scope (managed and direct rooms). */
  forgetOutsideScope(): Promise<void>;
}

/** A run as stored. */
export type ScrubRun = {
  id: string;
  trigger: "schedule" | "manual";
  startedBy: string | null;
  scrubDays: number;
  cutoffTs: number;
  startedAt: Date;
  finishedAt: Date | null;
  status: ScrubRunStatus;
  eventsPurged: number;
  mediaDeleted: number;
  errors: string[];
  /** The process running it (`host|pid|instance`); absent for runs recorded before 0011. */
  holder?: string | null;
  /** Set when the run was resumed after its process stopped (see RESUMED_REASON). */
  reason?: string | null;
};

/** A room's progress within a run. */
export type ScrubRunRoom = ScopeRoom & {
  runId: string;
  step: RoomStep;
  boundaryEventId: string | null;
  /** Intermediate purge boundaries still to purge up to, before the boundary (oldest first). */
  purgeSteps: string[];
  events: number;
  messages: number;
  media: string[];
  mediaDeleted: number;
  error: string | null;
};

/** Runs and their rooms' progress (the lock that keeps runs apart: locks/runLock.ts). */
export interface ScrubRunStore {
  /** Records a new run with its rooms (all pending), in one transaction. */
  create(run: ScrubRun, rooms: readonly ScopeRoom[]): Promise<void>;
  get(id: string): Promise<ScrubRun | undefined>;
  /** Runs still `running` (what a restarted process resumes), oldest first. */
  unfinished(): Promise<ScrubRun[]>;
  /** Newest first. */
  recent(limit: number): Promise<ScrubRun[]>;
  rooms(runId: string): Promise<ScrubRunRoom[]>;
  /** Saves a room's progress. */
  updateRoom(room: ScrubRunRoom): Promise<void>;
  /** Finishes a run with its totals. */
  finish(
    id: string,
    result: Pick<ScrubRun, "status" | "eventsPurged" | "mediaDeleted" | "errors" | "finishedAt">,
  ): Promise<void>;
  /** Records that `holder` resumed a run left unfinished, and why (`reason`). */
  resumedBy(id: string, holder: string, reason: string): Promise<void>;
}

/** The admin settings (`settings` table) with an audit entry per change. */
export interface SettingsStore {
  /** `scrub_days`: null when off (the default). */
  getScrubDays(): Promise<number | null>;
  /**
   * Saves `scrub_days` and audits who changed it from what to what; returns the old value.
   * Turning the scrub on or off empties the event ledger in the same transaction.
   */
  setScrubDays(days: number | null, actor: string): Promise<number | null>;
}
