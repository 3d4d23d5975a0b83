import { SearchOrderBy, type ISearchRequestBody } from "matrix-js-sdk";
import { toUserFacingError } from "./errors.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

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

/** How many results one page asks for. */
export const SEARCH_PAGE_SIZE = 20;

/**
 * Searches the history of the person's chats with the server's full-text search (`/search`,
 * room events, newest first): on SQLite and PostgreSQL Synapse alike.
 * @param session - the running session
 * @param query - the words, the chat to search in (all chats when absent), the page to fetch
 * @returns a {@link SearchPage}
 * @throws UserFacingError when the server could not search
 */
export async function searchMessages(
  session: MatrixSession,
  query: { term: string; roomId?: string; nextBatch?: string },
): Promise<SearchPage> {
  const client = matrixClientOf(session);
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
  try {
    const response = await client.search({
      body,
      ...(query.nextBatch === undefined ? {} : { next_batch: query.nextBatch }),
    });
    const events = response.search_categories.room_events;
    const hits = (events.results ?? []).flatMap(({ result }): SearchHit[] => {
      const text = result.content?.["body"];
      if (typeof text !== "string" || !result.event_id) return [];
      const room = client.getRoom(result.room_id);
      return [
        {
          eventId: result.event_id,
          roomId: result.room_id,
          roomName: room?.name ?? result.room_id,
          sender: result.sender,
          senderName: room?.getMember(result.sender)?.name ?? result.sender,
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
  } catch (error) {
    throw toUserFacingError(error, client.baseUrl);
  }
}
