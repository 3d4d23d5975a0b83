import { describe, expect, it } from "vitest";
import { buildRequestContent, buildResponseContent } from "../lib/screenshareEvents.ts";
import { formatCallDuration, requestAnsweredBy } from "./callTimeline.ts";
import { toTimelineItems, type RawTimelineEvent } from "./timelineItems.ts";

const ALICE = "@alice:x";
const BOB = "@bob:x";
let n = 0;
function ev(
  partial: Partial<RawTimelineEvent> & { content: Record<string, unknown> },
): RawTimelineEvent {
  n++;
  return {
    key: partial.id ?? `$c${n}`,
    id: `$c${n}`,
    type: "m.room.message",
    sender: ALICE,
    senderName: "alice",
    ts: 1000 * n,
    redacted: false,
    sendState: "sent",
    ...partial,
  };
}

const request = {
  requestId: "abcdefgh12",
  to: BOB,
  share: "responder",
  timeoutMs: 60_000,
} as const;

describe("calls and screen-sharing requests in the timeline", () => {
  it("shows a request as one card carrying its follow-ups, which get no line of their own", () => {
    const items = toTimelineItems(
      [
        ev({ id: "$req", ts: 10_000, content: buildRequestContent(request, "alice", "bob") }),
        ev({
          sender: BOB,
          ts: 12_000,
          content: buildResponseContent(
            { requestId: "abcdefgh12", action: "accept", requestEventId: "$req" },
            "bob",
          ),
        }),
        ev({ content: { msgtype: "m.text", body: "thanks" } }),
      ],
      ALICE,
    );
    expect(items.map((item) => item.body)).toEqual([
      "alice asks bob to share their screen (screen-sharing request: answer in Staffroom, or start a call).",
      "thanks",
    ]);
    expect(items[0]?.screenshare).toEqual({
      ...request,
      eventId: "$req",
      requester: ALICE,
      requestedAt: 10_000,
      followUps: [{ action: "accept", sender: BOB, ts: 12_000 }],
    });
  });

  it("shows a follow-up whose request is not loaded as the plain notice it is", () => {
    const items = toTimelineItems(
      [
        ev({
          sender: BOB,
          content: buildResponseContent(
            { requestId: "zzzzzzzz99", action: "decline", requestEventId: "$old" },
            "bob",
          ),
        }),
      ],
      ALICE,
    );
    expect(items).toHaveLength(1);
    expect(items[0]?.body).toBe("bob declined the screen-sharing request.");
    expect(items[0]?.screenshare).toBeUndefined();
  });

  it("gives each ended call one line: duration from the answer, missed, declined", () => {
    const call = (type: string, callId: string, ts: number, sender = BOB) =>
      ev({ type, sender, ts, content: { call_id: callId, version: "1", party_id: "p" } });
    const items = toTimelineItems(
      [
        call("m.call.invite", "c1", 100_000),
        call("m.call.answer", "c1", 102_000, ALICE),
        call("m.call.hangup", "c1", 167_000, ALICE),
        call("m.call.hangup", "c1", 167_500), // the other side's hang-up: no second line
        call("m.call.invite", "c2", 200_000),
        call("m.call.hangup", "c2", 260_000),
        call("m.call.invite", "c3", 300_000),
        call("m.call.reject", "c3", 301_000, ALICE),
      ],
      ALICE,
    );
    expect(items.map((item) => [item.body, item.call?.outcome])).toEqual([
      ["Call ended · 1:05", "ended"],
      ["Missed call", "missed"],
      ["Call declined", "declined"],
    ]);
    expect(items[0]?.call?.durationMs).toBe(65_000);
  });

  it("formats durations as m:ss or h:mm:ss", () => {
    expect(formatCallDuration(0)).toBe("0:00");
    expect(formatCallDuration(65_400)).toBe("1:05");
    expect(formatCallDuration(3_723_000)).toBe("1:02:03");
  });
});

describe("requestAnsweredBy", () => {
  const NOW = 1_000_000;
  const at = (ts: number, sender: string, content: Record<string, unknown>, id = `$x${ts}`) => ({
    id,
    type: "m.room.message",
    sender,
    ts,
    content,
    redacted: false,
  });
  const accept = (requestId: string) =>
    buildResponseContent({ requestId, action: "accept", requestEventId: "$r" }, "bob");

  it("finds the request of mine that the caller just accepted", () => {
    const events = [
      at(NOW - 10_000, ALICE, buildRequestContent(request, "alice", "bob")),
      at(NOW - 5_000, BOB, accept("abcdefgh12")),
    ];
    expect(requestAnsweredBy(events, ALICE, BOB, NOW)).toBe("abcdefgh12");
    expect(requestAnsweredBy(events, ALICE, BOB, NOW, new Set(["abcdefgh12"]))).toBeUndefined();
    expect(requestAnsweredBy(events, ALICE, "@carol:x", NOW)).toBeUndefined();
    expect(requestAnsweredBy(events, BOB, BOB, NOW)).toBeUndefined();
  });

  it("ignores old accepts, declines, and requests someone else sent", () => {
    const old = [
      at(NOW - 200_000, ALICE, buildRequestContent(request, "alice", "bob")),
      at(NOW - 190_000, BOB, accept("abcdefgh12")),
    ];
    expect(requestAnsweredBy(old, ALICE, BOB, NOW)).toBeUndefined();
    const declined = [
      at(NOW - 10_000, ALICE, buildRequestContent(request, "alice", "bob")),
      at(
        NOW - 5_000,
        BOB,
        buildResponseContent(
          { requestId: "abcdefgh12", action: "decline", requestEventId: "$r" },
          "bob",
        ),
      ),
    ];
    expect(requestAnsweredBy(declined, ALICE, BOB, NOW)).toBeUndefined();
    const theirs = [
      at(NOW - 10_000, "@carol:x", buildRequestContent(request, "carol", "bob")),
      at(NOW - 5_000, BOB, accept("abcdefgh12")),
    ];
    expect(requestAnsweredBy(theirs, ALICE, BOB, NOW)).toBeUndefined();
  });
});
