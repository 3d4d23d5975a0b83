import {
  readRequest,
  readResponse,
  type ScreenshareRequest,
  type ScreenshareResponseAction,
} from "../lib/screenshareEvents.ts";

/**
 * Calls and screen-sharing requests in the timeline (pure, used by `timelineItems.ts`): a request
 * message becomes one card that carries its follow-ups (accept, decline, cancel), which are not
 * shown on their own; the end of a 1:1 call (`m.call.hangup`, `m.call.reject`, from Staffroom,
 * Element or any client) becomes one line saying how it ended.
 */

/** A screen-sharing request as the card needs it; its state comes from `foldRequest`. */
export type ScreenshareCardData = ScreenshareRequest & {
  /** The request event (follow-ups relate to it). */
  eventId: string;
  requester: string;
  requestedAt: number;
  followUps: { action: ScreenshareResponseAction; sender: string; ts: number }[];
};

/** How a call ended. */
export type CallOutcome = "ended" | "declined" | "missed";

/** The line shown where a call ended. */
export type CallLine = {
  callId: string;
  outcome: CallOutcome;
  /** From the answer to the hang-up, for calls that were answered. */
  durationMs?: number;
};

/** The parts of an event these rules read. */
type EventLike = {
  id: string;
  type: string;
  sender: string;
  ts: number;
  content: Record<string, unknown>;
  redacted: boolean;
};

/** What {@link indexCalls} learns from a whole timeline before items are built. */
export type CallIndex = {
  /** request_id → the follow-ups that relate to it, in timeline order. */
  followUps: Map<string, ScreenshareCardData["followUps"]>;
  /** request_ids whose request event is in this timeline. */
  requests: Set<string>;
  /** call_id → time of its first answer. */
  answers: Map<string, number>;
};

const callIdOf = (content: Record<string, unknown>): string | undefined =>
  typeof content["call_id"] === "string" ? content["call_id"] : undefined;

/** Collects follow-ups and call answers from a timeline (oldest first). */
export function indexCalls(events: readonly EventLike[]): CallIndex {
  const index: CallIndex = { followUps: new Map(), requests: new Set(), answers: new Map() };
  for (const event of events) {
    if (event.redacted) continue;
    if (event.type === "m.call.answer") {
      const callId = callIdOf(event.content);
      if (callId !== undefined && !index.answers.has(callId)) index.answers.set(callId, event.ts);
      continue;
    }
    if (event.type !== "m.room.message") continue;
    const request = readRequest(event.content);
    if (request) {
      index.requests.add(request.requestId);
      continue;
    }
    const response = readResponse(event.content);
    if (!response) continue;
    const list = index.followUps.get(response.requestId) ?? [];
    list.push({ action: response.action, sender: event.sender, ts: event.ts });
    index.followUps.set(response.requestId, list);
  }
  return index;
}

/** The card of a request message, or undefined when the message is not a request. */
export function screenshareCardOf(
  event: EventLike,
  index: CallIndex,
): ScreenshareCardData | undefined {
  const request = readRequest(event.content);
  if (!request) return undefined;
  return {
    ...request,
    eventId: event.id,
    requester: event.sender,
    requestedAt: event.ts,
    followUps: index.followUps.get(request.requestId) ?? [],
  };
}

/** A follow-up whose request is in the timeline: its card shows it, so it has no line. */
export function isFoldedFollowUp(event: EventLike, index: CallIndex): boolean {
  const response = readResponse(event.content);
  return response !== undefined && index.requests.has(response.requestId);
}

/**
 * The line for an event that ends a call; undefined for other events and for a second ending of
 * a call already ended (both sides may send one).
 * @param ended - call IDs already given a line; updated
 */
export function callLineOf(
  event: EventLike,
  index: CallIndex,
  ended: Set<string>,
): CallLine | undefined {
  if (event.redacted || (event.type !== "m.call.hangup" && event.type !== "m.call.reject"))
    return undefined;
  const callId = callIdOf(event.content);
  if (callId === undefined || ended.has(callId)) return undefined;
  ended.add(callId);
  if (event.type === "m.call.reject") return { callId, outcome: "declined" };
  const answeredAt = index.answers.get(callId);
  if (answeredAt === undefined) return { callId, outcome: "missed" };
  return { callId, outcome: "ended", durationMs: Math.max(0, event.ts - answeredAt) };
}

/** "1:05", "12:00", "1:02:03". */
export function formatCallDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** The text of a call line ("Call ended · 1:05", "Missed call", "Call declined"). */
export function callLineText(line: CallLine): string {
  if (line.outcome === "declined") return "Call declined";
  if (line.outcome === "missed") return "Missed call";
  return `Call ended · ${formatCallDuration(line.durationMs ?? 0)}`;
}

/** How long after its Accept a call still counts as the answer to a request. */
export const ACCEPT_WINDOW_MS = 120_000;

/**
 * Whether a call from `caller` answers a screen-sharing request `me` sent: the newest Accept
 * from `caller` (at most {@link ACCEPT_WINDOW_MS} old) relates to a request by `me` addressed
 * to `caller`. Such a call is taken without ringing. The Accept is sent before the call is
 * placed, so it is in the timeline by the time the call arrives.
 * @param events - the room's timeline, oldest first
 * @param used - request IDs whose call was already taken (each answers one call)
 * @returns the request ID the call answers, or undefined
 */
export function requestAnsweredBy(
  events: readonly EventLike[],
  me: string,
  caller: string,
  now: number,
  used: ReadonlySet<string> = new Set(),
): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (!event || now - event.ts > ACCEPT_WINDOW_MS) return undefined;
    if (event.redacted || event.type !== "m.room.message" || event.sender !== caller) continue;
    const response = readResponse(event.content);
    if (response?.action !== "accept" || used.has(response.requestId)) continue;
    const request = events.find(
      (candidate) =>
        candidate.sender === me && readRequest(candidate.content)?.requestId === response.requestId,
    );
    if (request && readRequest(request.content)?.to === caller) return response.requestId;
  }
  return undefined;
}
