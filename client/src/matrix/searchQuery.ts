// The message search's wire format: the `/search` request Staffroom sends and how a response
// reads, with no SDK client (the integration tests run them against Synapse on both databases).
import { SearchOrderBy, type ISearchRequestBody, type ISearchResponse } from "matrix-js-sdk";

/** One message found by {@link searchMessages}. */
export type SearchHit = {
  eventId: string;
  roomId: string;
  /** The chat's name as this client knows it. */
  roomName: string;
  sender: string;
  senderName: string;
  ts: number;
  body: string;
};

/** One page of results. */
export type SearchPage = {
  hits: SearchHit[];
  /** The words the server matched (stemmed forms included), to highlight. */
  highlights: string[];
  /** How many messages match in all (the server's estimate). */
  count: number;
  /** Where the next page starts; absent on the last page. */
  nextBatch?: string;
};

/** What to search for. */
export type SearchQuery = { term: string; roomId?: string; nextBatch?: string };

/** How many results one page asks for. */
export const SEARCH_PAGE_SIZE = 20;

/** The `/search` request of a query: the body, and the page to fetch (`next_batch`). */
export function searchRequestOf(query: SearchQuery): {
  body: ISearchRequestBody;
  nextBatch?: string;
} {
  const body: ISearchRequestBody = {
    search_categories: {
      room_events: {
        search_term: query.term,
        keys: ["content.body"],
        order_by: SearchOrderBy.Recent,
        filter: {
          limit: SEARCH_PAGE_SIZE,
          ...(query.roomId === undefined ? {} : { rooms: [query.roomId] }),
        },
      },
    },
  };
  return query.nextBatch === undefined ? { body } : { body, nextBatch: query.nextBatch };
}

/** Names of chats and people as the client knows them (the raw IDs when it does not). */
export type SearchNames = {
  roomName(roomId: string): string | undefined;
  senderName(roomId: string, userId: string): string | undefined;
};

/**
 * Reads a `/search` response into a {@link SearchPage}: text messages only (an image's body is
 * its file name). An edit that matched stands for the message it edits, with the new text
 * (that is the message the timeline shows); a message found both ways is listed once.
 */
export function searchPageOf(response: ISearchResponse, names: SearchNames): SearchPage {
  const events = response.search_categories.room_events;
  const seen = new Set<string>();
  const hits = (events.results ?? []).flatMap(({ result }): SearchHit[] => {
    const content: Record<string, unknown> = result.content ?? {};
    const relation = content["m.relates_to"] as Record<string, unknown> | undefined;
    const edited = relation?.["rel_type"] === "m.replace" ? relation["event_id"] : undefined;
    const newContent = content["m.new_content"] as Record<string, unknown> | undefined;
    const text = typeof edited === "string" ? newContent?.["body"] : content["body"];
    const eventId = typeof edited === "string" ? edited : result.event_id;
    if (typeof text !== "string" || !eventId || seen.has(eventId)) return [];
    seen.add(eventId);
    return [
      {
        eventId,
        roomId: result.room_id,
        roomName: names.roomName(result.room_id) ?? result.room_id,
        sender: result.sender,
        senderName: names.senderName(result.room_id, result.sender) ?? result.sender,
        ts: result.origin_server_ts,
        body: text,
      },
    ];
  });
  return {
    hits,
    highlights: events.highlights ?? [],
    count: events.count ?? hits.length,
    ...(events.next_batch ? { nextBatch: events.next_batch } : {}),
  };
}
