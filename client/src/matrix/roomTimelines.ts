// Reading a room's timelines: the chain the conversation is made of, and its newest stored event.
import { EventTimeline, type MatrixEvent, type Room } from "matrix-js-sdk";

/**
 * The live timeline and the ones before it, oldest first. After a gap in the sync (a reload
 * after many messages, a laptop waking up) the live timeline starts afresh; paging back through
 * the gap reaches events of the earlier timeline and the SDK links the two as neighbours, so the
 * conversation is the whole chain, never the live part alone.
 */
export function linkedTimelines(room: Room): EventTimeline[] {
  const chain: EventTimeline[] = [];
  for (
    let timeline: EventTimeline | null = room.getLiveTimeline();
    timeline !== null && !chain.includes(timeline);
    timeline = timeline.getNeighbouringTimeline(EventTimeline.BACKWARDS)
  ) {
    chain.unshift(timeline);
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
