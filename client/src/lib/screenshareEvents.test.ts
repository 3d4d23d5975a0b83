import { describe, expect, it } from "vitest";
import {
  buildRequestContent,
  buildResponseContent,
  DEFAULT_REQUEST_TIMEOUT_MS,
  newRequestId,
  readRequest,
  readResponse,
  SCREENSHARE_KEY,
} from "./screenshareEvents.ts";

const BOB = "@bob:staffroom.local";

describe("screen-sharing request messages", () => {
  it("builds a request that reads well in other clients and round-trips", () => {
    const request = {
      requestId: newRequestId(),
      to: BOB,
      share: "responder",
      timeoutMs: 60_000,
    } as const;
    const content = buildRequestContent(request, "alice", "bob");
    expect(content["msgtype"]).toBe("m.text");
    expect(content["body"]).toBe(
      "alice asks bob to share their screen (screen-sharing request: answer in Staffroom, or start a call).",
    );
    expect(content["m.mentions"]).toEqual({ user_ids: [BOB] });
    expect(readRequest(content)).toEqual(request);
    expect(readResponse(content)).toBeUndefined();
  });

  it("builds follow-ups as references to the request", () => {
    const content = buildResponseContent(
      { requestId: "abcdefgh12", action: "decline", requestEventId: "$req" },
      "bob",
    );
    expect(content).toEqual({
      msgtype: "m.notice",
      body: "bob declined the screen-sharing request.",
      "m.relates_to": { rel_type: "m.reference", event_id: "$req" },
      [SCREENSHARE_KEY]: { request_id: "abcdefgh12", action: "decline" },
    });
    expect(readResponse(content)).toEqual({
      requestId: "abcdefgh12",
      action: "decline",
      requestEventId: "$req",
      reason: undefined,
    });
  });

  it("rejects malformed blocks and clamps odd timeouts to the default", () => {
    const block = (extra: Record<string, unknown>) => ({
      [SCREENSHARE_KEY]: { action: "request", request_id: "abcdefgh12", to: BOB, ...extra },
    });
    expect(readRequest(block({ request_id: "x" }))).toBeUndefined();
    expect(readRequest(block({ to: "bob" }))).toBeUndefined();
    expect(readRequest({ [SCREENSHARE_KEY]: "request" })).toBeUndefined();
    expect(readRequest(block({ timeout_ms: 5 }))?.timeoutMs).toBe(DEFAULT_REQUEST_TIMEOUT_MS);
    expect(readRequest(block({ timeout_ms: 5_000 }))?.timeoutMs).toBe(5_000);
    expect(readRequest(block({ share: "requester" }))?.share).toBe("requester");
    expect(readRequest(block({ share: "someone" }))?.share).toBe("responder");
    expect(
      readResponse({ [SCREENSHARE_KEY]: { action: "explode", request_id: "abcdefgh12" } }),
    ).toBeUndefined();
  });

  it("makes request IDs of 16 URL-safe characters", () => {
    expect(newRequestId()).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(newRequestId()).not.toBe(newRequestId());
  });
});
