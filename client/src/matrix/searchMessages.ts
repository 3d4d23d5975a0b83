import { toUserFacingError } from "./errors.ts";
import { searchPageOf, searchRequestOf, type SearchPage, type SearchQuery } from "./searchQuery.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

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
  query: SearchQuery,
): Promise<SearchPage> {
  const client = matrixClientOf(session);
  const { body, nextBatch } = searchRequestOf(query);
  try {
    const response = await client.search({
      body,
      ...(nextBatch === undefined ? {} : { next_batch: nextBatch }),
    });
    return searchPageOf(response, {
      roomName: (roomId) => client.getRoom(roomId)?.name,
      senderName: (roomId, userId) => client.getRoom(roomId)?.getMember(userId)?.name,
    });
  } catch (error) {
    throw toUserFacingError(error, client.baseUrl);
  }
}
