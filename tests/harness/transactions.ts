/**
 * Driving the appservice's transaction endpoint the way Synapse does (`PUT
 * /_matrix/app/v1/transactions/{txnId}` with the hs_token), and counting what the bot said.
 *
 * ```ts
 * const answer = await putTransaction(env().appserviceUrl, hsToken, "t1", { events: [event] });
 * ```
 */
import type { MatrixTestClient, RoomEvent } from "./matrixTestClient.ts";

/** How the hs_token is sent: the header (default), the query parameter, or not at all. */
export type TokenVia = "header" | "query" | "none";

/** Status and parsed JSON body (undefined when the body is not JSON). */
export type TransactionAnswer = { status: number; body: Record<string, unknown> | undefined };

/**
 * Sends one transaction. `body` is JSON-encoded unless it is a string, which goes as is (for
 * bodies that are not JSON at all).
 */
export async function putTransaction(
  appserviceUrl: string,
  token: string,
  txnId: string,
  body: unknown,
  via: TokenVia = "header",
): Promise<TransactionAnswer> {
  const url = new URL(`/_matrix/app/v1/transactions/${encodeURIComponent(txnId)}`, appserviceUrl);
  if (via === "query") url.searchParams.set("access_token", token);
  const response = await fetch(url, {
    method: "PUT",
    headers: {
      "content-type": "application/json",
      ...(via === "header" ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}

let counter = 0;

/**
 * A `!faq <word>` message as Synapse delivers it in a transaction (client format), with a
 * made-up event ID unless one is given.
 */
export function faqMessage(
  roomId: string,
  sender: string,
  word: string,
  eventId = `$intake-${Date.now()}-${counter++}`,
): RoomEvent & { room_id: string } {
  return {
    type: "m.room.message",
    event_id: eventId,
    room_id: roomId,
    sender,
    origin_server_ts: Date.now(),
    content: { msgtype: "m.text", body: `!faq ${word}` },
  };
}

/** The bot's "No FAQ matches “word”" notices in the room's latest 200 events. */
export async function botAnswersTo(
  viewer: MatrixTestClient,
  roomId: string,
  botUserId: string,
  word: string,
): Promise<RoomEvent[]> {
  const { chunk } = await viewer.request<{ chunk: RoomEvent[] }>(
    "GET",
    `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=200`,
  );
  return chunk.filter(
    (e) =>
      e.sender === botUserId &&
      e.type === "m.room.message" &&
      e.content["msgtype"] === "m.notice" &&
      String(e.content["body"]).includes(`“${word}”`),
  );
}
