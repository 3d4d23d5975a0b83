// In-memory scrub ports for unit tests: a fake Synapse timeline per room and a run store.
import type {
  PurgeGateway,
  ScrubRun,
  ScrubRunRoom,
  ScrubRunStore,
  SettingsStore,
} from "../../src/retention/ports.ts";
import type { TimelineEvent } from "../../src/retention/scrubPlanner.ts";

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

  timelinePage(roomId: string, from: string | undefined, limit: number) {
    const events = this.timelines.get(roomId) ?? [];
    const start = from === undefined ? 0 : Number(from);
    const page = events.slice(start, start + limit);
    const next = start + limit < events.length ? String(start + limit) : undefined;
    return Promise.resolve({ events: page, next });
  }

  writeMarker(roomId: string) {
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

  async purgeBefore(roomId: string, eventId: string) {
    await this.beforePurge();
    this.calls.push(`purge ${roomId} ${eventId}`);
    if (this.failing.has(roomId)) throw new Error("purge failed: test");
    const events = this.timelines.get(roomId) ?? [];
    const index = events.findIndex((e) => e.event_id === eventId);
    // Like Synapse: state events stay, everything else before the boundary goes.
    this.timelines.set(
      roomId,
      events.filter((e, i) => i >= index || e.state_key !== undefined),
    );
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

/** A run store in memory (same semantics as the knex one, including the lease). */
export class MemoryScrubRunStore implements ScrubRunStore {
  runs = new Map<string, ScrubRun>();
  roomsOf = new Map<string, ScrubRunRoom[]>();
  lease: { holder: string; expiresAt: number } | undefined;

  create(run: ScrubRun, rooms: readonly { roomId: string; kind: ScrubRunRoom["kind"] }[]) {
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
  acquireLease(
    holder: string,
    leaseMs: number,
    now: Date,
    isGone: (currentHolder: string) => boolean = () => false,
  ) {
    const taken = this.lease;
    if (
      taken &&
      taken.holder !== holder &&
      taken.expiresAt >= now.getTime() &&
      !isGone(taken.holder)
    ) {
      return Promise.resolve(false);
    }
    this.lease = { holder, expiresAt: now.getTime() + leaseMs };
    return Promise.resolve(true);
  }
  renewLease(holder: string, leaseMs: number, now: Date) {
    if (this.lease?.holder !== holder) return Promise.resolve(false);
    this.lease.expiresAt = now.getTime() + leaseMs;
    return Promise.resolve(true);
  }
  releaseLease(holder: string) {
    if (this.lease?.holder === holder) this.lease = undefined;
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
