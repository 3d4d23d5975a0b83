// Pure planning of a scrub: which rooms are in scope, and which events of a room's timeline
// (read oldest first) go. The runner does the I/O; everything here takes data and returns data.

/** The kinds of room under the policy (the marker's `kind`, the preview's `kind`). */
export type ScopeKind =
  "space" | "all_staff" | "department" | "direct" | "other_direct" | "other_room";

/** A room the scrub may touch, with why it is ours (and, for adopted rooms, its name). */
export type ScopeRoom = { roomId: string; kind: ScopeKind; name?: string };

/** A room adopted from another client, as the scope needs it. */
export type AdoptedScopeRoom = {
  roomId: string;
  kind: "other_direct" | "other_room";
  name: string;
  status: "adopted" | "outside";
  excluded: boolean;
};

/**
 * The rooms in scope: managed rooms (Space, All Staff, departments — archived ones too, their
 * history is still ours to scrub), rooms adopted from other clients (unless an admin excluded
 * them) and Staffroom's direct rooms, each once, in a stable order. An adopted DM that became
 * a pair's direct room keeps its kind `other_direct`; an excluded room is out even when it is
 * a pair's direct room. Nothing else: a room the appservice neither created nor adopted is
 * never in the list.
 */
export function scrubScope(
  managed: readonly { roomId: string; kind: string }[],
  direct: readonly { roomId: string | null }[],
  adopted: readonly AdoptedScopeRoom[] = [],
): ScopeRoom[] {
  const seen = new Set<string>();
  const scope: ScopeRoom[] = [];
  for (const room of managed) {
    if (room.kind !== "space" && room.kind !== "all_staff" && room.kind !== "department") continue;
    if (seen.has(room.roomId)) continue;
    seen.add(room.roomId);
    scope.push({ roomId: room.roomId, kind: room.kind });
  }
  for (const room of adopted) {
    if (seen.has(room.roomId)) continue;
    // Excluded or never adopted: kept out of the direct rooms below too.
    seen.add(room.roomId);
    if (room.status !== "adopted" || room.excluded) continue;
    scope.push({ roomId: room.roomId, kind: room.kind, name: room.name });
  }
  for (const room of direct) {
    if (room.roomId === null || seen.has(room.roomId)) continue;
    seen.add(room.roomId);
    scope.push({ roomId: room.roomId, kind: "direct" });
  }
  return scope;
}

/** The parts of a timeline event the scan needs. */
export type TimelineEvent = {
  event_id: string;
  type: string;
  origin_server_ts: number;
  state_key?: string;
  content?: Record<string, unknown>;
  /** The mxc:// URIs, when already extracted (ledger events carry no content). */
  media?: string[];
};

/** What a scan of a room found older than the cutoff. */
export type RoomScan = {
  /** Non-state events that go (messages, reactions, redactions, …). */
  events: number;
  /** Of those, `m.room.message` events. */
  messages: number;
  /** mxc:// URIs of the files, images, videos, audio and thumbnails in them. */
  media: string[];
  /**
   * The event right after the last old non-state event: purging "up to" it removes the old
   * prefix and nothing after it. Undefined while the last old event is the newest one read
   * (then, at the end, the runner writes a marker after it and purges up to the marker).
   */
  boundaryEventId: string | undefined;
  /**
   * Intermediate purge boundaries, oldest first, when purging in steps: the event right after
   * every `stepEvents`-th old event. Purging up to each in turn, then up to the boundary, removes
   * the same prefix in short Synapse transactions. May end with the boundary itself (drop it).
   */
  steps: string[];
  /** The last old event read closed a step: the next event read is that step's boundary. */
  stepDue: boolean;
  /** The newest old non-state event (what a marker written after it must directly follow). */
  lastOldEventId?: string;
};

/**
 * Folds one page of a room's timeline (oldest first) into the scan so far. Stops at the first
 * non-state event at or after the cutoff: only the old prefix of the timeline is purged, so a
 * message newer than the cutoff is never removed even if an older timestamp follows it.
 * State events neither count nor stop the scan: Synapse's purge never deletes them (its
 * `should_delete` is `state_key IS NULL`); the boundary is the event right after the last old
 * message, so state written after it stays in the timeline too.
 * `stepEvents` > 0 also collects {@link RoomScan.steps}.
 * @returns the updated scan and whether the scan is complete (a newer message was reached)
 */
export function scanPage(
  scan: RoomScan,
  page: readonly TimelineEvent[],
  cutoffTs: number,
  stepEvents = 0,
): { scan: RoomScan; done: boolean } {
  const next: RoomScan = { ...scan, media: [...scan.media], steps: [...scan.steps] };
  for (const event of page) {
    if (next.stepDue) {
      next.steps.push(event.event_id);
      next.stepDue = false;
    }
    // The first event after an old message is the purge boundary (until another old one).
    if (next.events > 0 && next.boundaryEventId === undefined) {
      next.boundaryEventId = event.event_id;
    }
    if (event.state_key !== undefined) continue;
    if (event.origin_server_ts >= cutoffTs) return { scan: next, done: true };
    next.events++;
    next.lastOldEventId = event.event_id;
    next.boundaryEventId = undefined;
    if (stepEvents > 0 && next.events % stepEvents === 0) next.stepDue = true;
    // An encrypted event is a message the server cannot read (Element encrypts its DMs).
    if (event.type === "m.room.message" || event.type === "m.room.encrypted") next.messages++;
    for (const uri of event.media ?? mediaOf(event.content ?? {})) {
      if (!next.media.includes(uri)) next.media.push(uri);
    }
  }
  return { scan: next, done: false };
}

/**
 * The boundary once a marker has been written after a room whose every message was old:
 * normally the marker, but a message sent between planning and the marker is newer than the
 * cutoff and lies before the marker, so then the boundary is the first such message.
 * @param before the events before the marker, newest first (Synapse's `/context`)
 * @returns the boundary, or undefined when `lastOldEventId` is not among `before` (too much
 *   arrived meanwhile to tell: purge nothing now, the next run plans again)
 */
export function boundaryAfterMarker(
  markerId: string,
  before: readonly TimelineEvent[],
  lastOldEventId: string,
  cutoffTs: number,
): string | undefined {
  let boundary = markerId;
  for (const event of before) {
    if (event.event_id === lastOldEventId) return boundary;
    if (event.state_key === undefined && event.origin_server_ts >= cutoffTs) {
      boundary = event.event_id;
    }
  }
  return undefined;
}

/** An empty scan. */
export const emptyScan = (): RoomScan => ({
  events: 0,
  messages: 0,
  media: [],
  boundaryEventId: undefined,
  steps: [],
  stepDue: false,
});

/** The mxc:// URIs an event's content refers to (url, file.url, thumbnails). */
export function mediaOf(content: Record<string, unknown>): string[] {
  const found: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === "string" && value.startsWith("mxc://")) found.push(value);
  };
  add(content.url);
  add((content.file as { url?: unknown } | undefined)?.url);
  const info = content.info as Record<string, unknown> | undefined;
  add(info?.thumbnail_url);
  add((info?.thumbnail_file as { url?: unknown } | undefined)?.url);
  return found;
}

/** Splits `mxc://server/mediaId`; undefined for anything else. */
export function parseMxc(uri: string): { server: string; mediaId: string } | undefined {
  const match = /^mxc:\/\/([^/]+)\/([^/?#]+)$/.exec(uri);
  if (!match?.[1] || !match[2]) return undefined;
  return { server: match[1], mediaId: match[2] };
}
