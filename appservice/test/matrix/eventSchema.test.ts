import { describe, expect, it } from "vitest";
import {
  checkTransactionBody,
  checkTransactionEvent,
  rawEventLabel,
} from "../../src/matrix/eventSchema.ts";

// Shaped the way Synapse delivers an Element message in a transaction.
const message = {
  type: "m.room.message",
  event_id: "$abc123:staffroom.local",
  room_id: "!room:staffroom.local",
  sender: "@alice:staffroom.local",
  origin_server_ts: 1_760_000_000_000,
  content: { msgtype: "m.text", body: "!faq renew" },
  unsigned: { age: 12 },
};

const member = {
  ...message,
  type: "m.room.member",
  state_key: "@bob:staffroom.local",
  content: { membership: "invite" },
};

const reasonOf = (raw: unknown): string => {
  const check = checkTransactionEvent(raw);
  if (check.ok) throw new Error("expected a refusal");
  return check.reason;
};

describe("checkTransactionEvent", () => {
  it("accepts Element-shaped messages and member events, keeping unread fields", () => {
    expect(checkTransactionEvent(message)).toEqual({ ok: true, event: message });
    const redaction = { ...message, type: "m.room.redaction", redacts: "$x", content: {} };
    expect(checkTransactionEvent(redaction)).toMatchObject({ ok: true, event: { redacts: "$x" } });
    expect(checkTransactionEvent(member)).toMatchObject({ ok: true });
    // A redacted message has empty content, and is still a valid event.
    expect(checkTransactionEvent({ ...message, content: {} })).toMatchObject({ ok: true });
  });

  it("accepts unknown event types", () => {
    expect(checkTransactionEvent({ ...message, type: "org.example.custom" })).toMatchObject({
      ok: true,
    });
  });

  it("refuses what is not an event at all, naming the field", () => {
    expect(reasonOf({})).toContain("type");
    for (const raw of [null, 1, "event", [], true]) expect(reasonOf(raw)).toMatch(/event/);
  });

  it("refuses wrong types for every field", () => {
    expect(reasonOf({ ...message, type: 7 })).toMatch(/^type: /);
    expect(reasonOf({ ...message, type: "" })).toMatch(/^type: /);
    expect(reasonOf({ ...message, event_id: ["$x"] })).toMatch(/^event_id: /);
    expect(reasonOf({ ...message, event_id: "abc" })).toMatch(/^event_id: .*"\$"/);
    expect(reasonOf({ ...message, room_id: null })).toMatch(/^room_id: /);
    expect(reasonOf({ ...message, sender: "alice" })).toMatch(/^sender: /);
    expect(reasonOf({ ...message, origin_server_ts: "now" })).toMatch(/^origin_server_ts: /);
    expect(reasonOf({ ...message, origin_server_ts: -1 })).toMatch(/^origin_server_ts: /);
    expect(reasonOf({ ...message, content: "hello" })).toMatch(/^content: /);
    expect(reasonOf({ ...message, content: [1] })).toMatch(/^content: /);
    expect(reasonOf({ ...message, state_key: 5 })).toMatch(/^state_key: /);
    expect(reasonOf({ ...message, unsigned: "x" })).toMatch(/^unsigned: /);
  });

  it("refuses state events without a state_key and member events without a membership", () => {
    const { state_key: _dropped, ...withoutKey } = member;
    expect(reasonOf(withoutKey)).toBe("state_key: m.room.member needs one");
    expect(reasonOf({ ...message, type: "m.room.create", content: {} })).toMatch(/state_key/);
    expect(reasonOf({ ...member, content: { membership: 1 } })).toBe(
      "content.membership: not a string",
    );
  });

  it("keeps the reason short however large the event", () => {
    const huge = "x".repeat(1_000_000);
    const reason = reasonOf({ type: huge, event_id: huge, room_id: huge, sender: huge });
    expect(reason.length).toBeLessThanOrEqual(300);
    expect(reason).not.toContain("xxxxxxxxxx");
  });
});

describe("rawEventLabel", () => {
  it("gives a sane event_id only", () => {
    expect(rawEventLabel(message)).toBe("$abc123:staffroom.local");
    expect(rawEventLabel({ event_id: "$".repeat(1000) })).toBeUndefined();
    expect(rawEventLabel({ event_id: 3 })).toBeUndefined();
    expect(rawEventLabel(null)).toBeUndefined();
  });
});

describe("checkTransactionBody", () => {
  it("wants an object with an events array", () => {
    expect(checkTransactionBody({ events: [] })).toEqual({ ok: true, events: [] });
    expect(checkTransactionBody({ events: [{}], ephemeral: "ignored" })).toMatchObject({
      ok: true,
    });
    for (const body of [null, [], "x", 3, { events: "nope" }, {}, { events: { 0: {} } }]) {
      expect(checkTransactionBody(body), JSON.stringify(body)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/events/),
      });
    }
  });
});
