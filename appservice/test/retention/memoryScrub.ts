// In-memory scrub ports for unit tests: a fake Synapse timeline per room and a run store.
import type {
  EventLedger,
  LedgerEvent,
  PurgeGateway,
  PurgeWatch,
  ScrubRun,
  ScrubRunRoom,
  ScrubRunStore,
  SettingsStore,
} from "../../src/retention/ports.ts";
import type { ScopeRoom, TimelineEvent } from "../../src/retention/scrubPlanner.ts";
import { MemoryLockTable } from "../helpers/memoryLockTable.ts";

/** A fake Synapse: timelines, media, and a record of the calls. */
export class MemoryPurgeGateway implements PurgeGateway {
  timelines = new Map<string, TimelineEvent[]>();
  media = new Set<string>();
  retention = new Map<string, number | null>();
  calls: string[] = [];
  /** Rooms whose purge fails. */
  failing = new Set<string>();
  /** Awaited at the start of every purge (a test holds a run in the middle of a room). */
  beforePurge: () => Promise<void> = () => Promise.resolve();
  private markers = 0;
  /** How long "Synapse" takes to answer before a run (ms). */
  idleAnswerMs = 10;
  /** …and to answer each status poll of a purge (one per purge here). */
  purgeAnswerMs = 10;
  /** The expected duration each purge was given (undefined before the rate is known). */
  expected: (number | undefined)[] = [];

  /** Timeline pages read (history read into the ledger). */
  reads = 0;

  timelinePage(roomId: string, from: string | undefined, limit: number) {
    this.reads++;
    const events = this.timelines.get(roomId) ?? [];
    const start = from === undefined ? 0 : Number(from);
    const page = events.slice(start, start + limit);
    const next = start + limit < events.length ? String(start + limit) : undefined;
    return Promise.resolve({ events: page, next });
  }

  /** Runs right before a marker is written (a test sends a message "meanwhile"). */
  beforeMarker: (roomId: string) => void = () => undefined;

  eventsBefore(roomId: string, eventId: string, limit: number) {
    const events = this.timelines.get(roomId) ?? [];
    const index = events.findIndex((e) => e.event_id === eventId);
    return Promise.resolve(events.slice(Math.max(0, index - limit), index).reverse());
  }

  writeMarker(roomId: string) {
    this.beforeMarker(roomId);
    const id = `$marker${++this.markers}`;
    this.calls.push(`marker ${roomId}`);
    this.timelines.get(roomId)?.push({
      event_id: id,
      type: "org.staffroom.scrub_marker",
      state_key: "",
      origin_server_ts: Date.now(),
    });
    return Promise.resolve(id);
  }

  answerMs() {
    return Promise.resolve(this.idleAnswerMs);
  }

  async purgeBefore(roomId: string, eventId: string, watch: PurgeWatch = {}) {
    this.expected.push(watch.expectedMs);
    await this.beforePurge();
    watch.onAnswer?.(this.purgeAnswerMs);
    this.calls.push(`purge ${roomId} ${eventId}`);
    if (this.failing.has(roomId)) throw new Error("purge failed: test");
    const events = this.timelines.get(roomId) ?? [];
    const index = events.findIndex((e) => e.event_id === eventId);
    if (index === -1) return "gone" as const;
    // Like Synapse: state events stay, everything else before the boundary goes.
    this.timelines.set(
      roomId,
      events.filter((e, i) => i >= index || e.state_key !== undefined),
    );
    return "purged" as const;
  }

  deleteMedia(uri: string) {
    this.calls.push(`delete ${uri}`);
    this.media.delete(uri);
    return Promise.resolve("gone" as const);
  }

  setRetention(roomId: string, maxLifetimeMs: number | null) {
    this.retention.set(roomId, maxLifetimeMs);
    return Promise.resolve();
  }
}

/** The event ledger in memory (same ordering rules as the knex one: history, then live). */
export class MemoryEventLedger implements EventLedger {
  rows: { roomId: string; phase: number; seq: number; event: TimelineEvent }[] = [];
  complete = new Set<string>();
  private seq = 0;

  private has(eventId: string) {
    return this.rows.some((r) => r.event.event_id === eventId);
  }

  private ordered(roomId: string) {
    return this.rows
      .filter((r) => r.roomId === roomId)
      .sort((a, b) => a.phase - b.phase || a.seq - b.seq);
  }

  recordLive(events: readonly LedgerEvent[]) {
    for (const { room_id, ...event } of events) {
      if (!this.has(event.event_id)) {
        this.rows.push({ roomId: room_id, phase: 1, seq: ++this.seq, event });
      }
      if (event.type === "m.room.create" && event.state_key === "") this.complete.add(room_id);
    }
    return Promise.resolve();
  }

  isComplete(roomId: string) {
    return Promise.resolve(this.complete.has(roomId));
  }

  addHistory(roomId: string, events: readonly TimelineEvent[]) {
    for (const event of events) {
      if (this.rows.some((r) => r.event.event_id === event.event_id && r.phase === 1)) {
        return Promise.resolve({ reachedLive: true });
      }
      if (!this.has(event.event_id)) this.rows.push({ roomId, phase: 0, seq: ++this.seq, event });
    }
    return Promise.resolve({ reachedLive: false });
  }

  markComplete(roomId: string) {
    this.complete.add(roomId);
    return Promise.resolve();
  }

  page(roomId: string, from: string | undefined, limit: number) {
    const all = this.ordered(roomId);
    const start = from === undefined ? 0 : Number(from);
    const next = start + limit < all.length ? String(start + limit) : undefined;
    return Promise.resolve({
      events: all.slice(start, start + limit).map((r) => r.event),
      next,
    });
  }

  forgetBefore(roomId: string, eventId: string) {
    const all = this.ordered(roomId);
    const index = all.findIndex((r) => r.event.event_id === eventId);
    const gone = new Set(index === -1 ? all : all.slice(0, index));
    this.rows = this.rows.filter((r) => !gone.has(r));
    return Promise.resolve();
  }

  /** Rooms the test declares in scope (everything when undefined). */
  scope: Set<string> | undefined;

  forgetOutsideScope() {
    const scope = this.scope;
    if (scope !== undefined) this.rows = this.rows.filter((r) => scope.has(r.roomId));
    return Promise.resolve();
  }
}

/** A run store in memory (same semantics as the knex one), with a lock table beside it. */
export class MemoryScrubRunStore implements ScrubRunStore {
  runs = new Map<string, ScrubRun>();
  roomsOf = new Map<string, ScrubRunRoom[]>();
  /** Where the processes sharing this store keep their run locks. */
  locks = new MemoryLockTable();

  create(run: ScrubRun, rooms: readonly ScopeRoom[]) {
    this.runs.set(run.id, { ...run });
    this.roomsOf.set(
      run.id,
      rooms.map((r) => ({
        ...r,
        runId: run.id,
        step: "pending",
        boundaryEventId: null,
        purgeSteps: [],
        events: 0,
        messages: 0,
        media: [],
        mediaDeleted: 0,
        error: null,
      })),
    );
    return Promise.resolve();
  }
  get = (id: string) => Promise.resolve(this.runs.get(id));
  unfinished = () => Promise.resolve([...this.runs.values()].filter((r) => r.status === "running"));
  recent = (limit: number) =>
    Promise.resolve(
      [...this.runs.values()]
        .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
        .slice(0, limit),
    );
  rooms = (runId: string) =>
    Promise.resolve((this.roomsOf.get(runId) ?? []).map((r) => ({ ...r })));
  updateRoom(room: ScrubRunRoom) {
    const rooms = this.roomsOf.get(room.runId) ?? [];
    const index = rooms.findIndex((r) => r.roomId === room.roomId);
    rooms[index] = { ...room };
    return Promise.resolve();
  }
  finish(id: string, result: Partial<ScrubRun>) {
    const run = this.runs.get(id);
    if (run) this.runs.set(id, { ...run, ...result });
    return Promise.resolve();
  }
  resumedBy(id: string, holder: string, reason: string) {
    const run = this.runs.get(id);
    if (run) this.runs.set(id, { ...run, holder, reason });
    return Promise.resolve();
  }
}

/** Settings in memory, with the audit trail as a list. */
export class MemorySettings implements SettingsStore {
  days: number | null = null;
  audit: { actor: string; old: number | null; new: number | null }[] = [];
  getScrubDays = () => Promise.resolve(this.days);
  setScrubDays(days: number | null, actor: string) {
    const old = this.days;
    this.days = days;
    this.audit.push({ actor, old, new: days });
    return Promise.resolve(old);
  }
}
