/**
 * The screen-sharing request messages (docs/contracts.md, "Screen-sharing requests"): plain
 * `m.room.message`s that read sensibly in any Matrix client (the request as text, the answers as
 * notices), plus an `org.staffroom.screenshare` block Staffroom acts on. Pure: builds and reads
 * content only.
 */

/** The namespaced key every request message carries. */
export const SCREENSHARE_KEY = "org.staffroom.screenshare";

/** How long a request waits for an answer before it counts as missed. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** What a follow-up message does to its request. */
export type ScreenshareResponseAction = "accept" | "decline" | "cancel";

/**
 * Whose screen is shown: `responder` — the requester asks to see the other person's screen (the
 * person who accepts shares it, from their Accept click); `requester` — the requester wants to
 * show their own screen (the call starts on Accept, the requester then shares with a click).
 */
export type ShareSide = "requester" | "responder";

/** A request as read from its event. */
export type ScreenshareRequest = {
  requestId: string;
  /** The user asked to take part (the other member of the direct chat). */
  to: string;
  share: ShareSide;
  /** How long the request stays open, in ms from its `origin_server_ts`. */
  timeoutMs: number;
};

/** An accept, decline or cancel as read from its event. */
export type ScreenshareResponse = {
  requestId: string;
  action: ScreenshareResponseAction;
  /** The request event it relates to (`m.relates_to` `m.reference`). */
  requestEventId?: string;
  /** Free-form reason, e.g. `timeout` on a cancel sent because nobody answered. */
  reason?: string;
};

const RESPONSE_ACTIONS: readonly string[] = ["accept", "decline", "cancel"];
const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** A fresh request ID: 16 random URL-safe characters. */
export function newRequestId(random: () => number = Math.random): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let id = "";
  for (let i = 0; i < 16; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}

/**
 * Content of a request message.
 * @param requesterName - who asks, as people know them ("alice")
 * @param toName - who is asked ("bob")
 */
export function buildRequestContent(
  request: ScreenshareRequest,
  requesterName: string,
  toName: string,
): Record<string, unknown> {
  const what =
    request.share === "responder"
      ? `${requesterName} asks ${toName} to share their screen`
      : `${requesterName} would like to share their screen with ${toName}`;
  // m.text, not m.notice: servers' default push rules keep notices from notifying, and the
  // person asked must notice the request (unread badge, notification) within its timeout.
  return {
    msgtype: "m.text",
    body: `${what} (screen-sharing request: answer in Staffroom, or start a call).`,
    [SCREENSHARE_KEY]: {
      request_id: request.requestId,
      action: "request",
      to: request.to,
      share: request.share,
      timeout_ms: request.timeoutMs,
    },
    // Addressed to one person, who must answer in time: a mention of them (it notifies even in
    // a chat set to "Mentions only"); nobody else is pinged by the names in the text.
    "m.mentions": { user_ids: [request.to] },
  };
}

const RESPONSE_TEXT: Record<ScreenshareResponseAction, string> = {
  accept: "accepted the screen-sharing request",
  decline: "declined the screen-sharing request",
  cancel: "cancelled the screen-sharing request",
};

/**
 * Content of an accept, decline or cancel, related to the request event.
 * @param senderName - who answers, for the plain-text body
 */
export function buildResponseContent(
  response: ScreenshareResponse & { requestEventId: string },
  senderName: string,
): Record<string, unknown> {
  const block: Record<string, unknown> = {
    request_id: response.requestId,
    action: response.action,
  };
  if (response.reason !== undefined) block["reason"] = response.reason;
  return {
    msgtype: "m.notice",
    body: `${senderName} ${RESPONSE_TEXT[response.action]}.`,
    "m.relates_to": { rel_type: "m.reference", event_id: response.requestEventId },
    [SCREENSHARE_KEY]: block,
  };
}

/**
 * Reads a request out of message content.
 * @returns the request, or undefined when the content is not a well-formed request
 */
export function readRequest(content: Record<string, unknown>): ScreenshareRequest | undefined {
  const block = asRecord(content[SCREENSHARE_KEY]);
  if (block?.["action"] !== "request") return undefined;
  const requestId = block["request_id"];
  const to = block["to"];
  if (typeof requestId !== "string" || !REQUEST_ID.test(requestId)) return undefined;
  if (typeof to !== "string" || !to.startsWith("@")) return undefined;
  const share = block["share"] === "requester" ? "requester" : "responder";
  const timeout = block["timeout_ms"];
  const timeoutMs =
    typeof timeout === "number" &&
    Number.isFinite(timeout) &&
    timeout >= 1_000 &&
    timeout <= 600_000
      ? timeout
      : DEFAULT_REQUEST_TIMEOUT_MS;
  return { requestId, to, share, timeoutMs };
}

/**
 * Reads an accept, decline or cancel out of message content.
 * @returns the response, or undefined when the content is not one
 */
export function readResponse(content: Record<string, unknown>): ScreenshareResponse | undefined {
  const block = asRecord(content[SCREENSHARE_KEY]);
  const action = block?.["action"];
  const requestId = block?.["request_id"];
  if (typeof action !== "string" || !RESPONSE_ACTIONS.includes(action)) return undefined;
  if (typeof requestId !== "string" || !REQUEST_ID.test(requestId)) return undefined;
  const relation = asRecord(content["m.relates_to"]);
  const eventId =
    relation?.["rel_type"] === "m.reference" && typeof relation["event_id"] === "string"
      ? relation["event_id"]
      : undefined;
  const reason = typeof block?.["reason"] === "string" ? block["reason"] : undefined;
  return {
    requestId,
    action: action as ScreenshareResponseAction,
    requestEventId: eventId,
    reason,
  };
}
