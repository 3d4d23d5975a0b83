// Reading a room's timelines: the chain the conversation is made of, and its newest stored event.
import {
  EventTimeline,
  MatrixError,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import { toUserFacingError } from "./errors.ts";

/**
 * The live timeline and the ones before it, oldest first. After a gap in the sync (a reload
 * after many messages, a laptop waking up) the live timeline starts afresh; paging back through
 * the gap reaches events of the earlier timeline and the SDK links the two as neighbours, so the
 * conversation is the whole chain, never the live part alone.
 */
export function linkedTimelines(room: Room): EventTimeline[] {
  return timelinesAround(room.getLiveTimeline());
}

/**
 * A timeline and the ones linked to it on both sides, oldest first: the stretch of history
 * shown around a message opened from further back than the live timeline reaches (`/context`).
 * It includes the live timeline once paging forward has caught up with it.
 */
export function timelinesAround(start: EventTimeline): EventTimeline[] {
  const chain: EventTimeline[] = [start];
  for (
    let timeline = start.getNeighbouringTimeline(EventTimeline.BACKWARDS);
    timeline !== null && !chain.includes(timeline);
    timeline = timeline.getNeighbouringTimeline(EventTimeline.BACKWARDS)
  ) {
    chain.unshift(timeline);
  }
  for (
    let timeline = start.getNeighbouringTimeline(EventTimeline.FORWARDS);
    timeline !== null && !chain.includes(timeline);
    timeline = timeline.getNeighbouringTimeline(EventTimeline.FORWARDS)
  ) {
    chain.push(timeline);
  }
  return chain;
}

/** The newest event the server has stored (receipts for local echoes are refused). */
export function newestStoredEvent(room: Room): MatrixEvent | undefined {
  return room
    .getLiveTimeline()
    .getEvents()
    .findLast((event) => event.status === null && event.getId()?.startsWith("$") === true);
}

/**
 * The timeline holding an event: one already loaded, or the stretch of history around it
 * fetched from the server (`/context`), which the SDK links to its neighbours as pages meet.
 * @param client - the SDK client (with timeline support)
 * @param room - the event's room
 * @param eventId - the event
 * @param homeserverUrl - for readable network errors
 * @returns the timeline; "gone" when the history no longer holds the event (removed under the
 *   history policy, never in this room, or before the person could see it); "in-thread" for a
 *   thread message (the SDK keeps no main-timeline stretch around those)
 * @throws UserFacingError when the server could not be asked
 */
export async function timelineAt(
  client: MatrixClient,
  room: Room,
  eventId: string,
  homeserverUrl: string,
): Promise<EventTimeline | "gone" | "in-thread"> {
  try {
    return (await client.getEventTimeline(room.getUnfilteredTimelineSet(), eventId)) ?? "in-thread";
  } catch (error) {
    if (error instanceof MatrixError && (error.httpStatus === 404 || error.httpStatus === 403))
      return "gone";
    throw toUserFacingError(error, homeserverUrl);
  }
}
