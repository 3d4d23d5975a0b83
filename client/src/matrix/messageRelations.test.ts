import { describe, expect, it } from "vitest";
import {
  previewOf,
  reactionsByTarget,
  replyTargetOf,
  threadRootOf,
  type RelationEvent,
} from "./messageRelations.ts";

const ME = "@alice:x";
let n = 0;
const reaction = (
  sender: string,
  key: string,
  partial: Partial<RelationEvent> = {},
  target = "$m",
): RelationEvent => ({
  id: `$r${++n}`,
  type: "m.reaction",
  sender,
  senderName: sender.slice(1, sender.indexOf(":")),
  content: { "m.relates_to": { rel_type: "m.annotation", event_id: target, key } },
  redacted: false,
  sendState: "sent",
  ...partial,
});

describe("reactionsByTarget", () => {
  it("groups by message and key in arrival order, marking yours with its event ID", () => {
    const mine = reaction(ME, "👍");
    const groups = reactionsByTarget(
      [
        reaction("@bob:x", "👍"),
        reaction("@carol:x", "🎉"),
        mine,
        reaction("@bob:x", "🎉", {}, "$other"),
      ],
      ME,
    );
    expect(groups.get("$m")).toEqual([
      { key: "👍", count: 2, mine: true, myEventId: mine.id, senders: ["bob", "alice"] },
      { key: "🎉", count: 1, mine: false, senders: ["carol"] },
    ]);
    expect(groups.get("$other")).toEqual([{ key: "🎉", count: 1, mine: false, senders: ["bob"] }]);
  });

  it("counts a person once per key, and leaves out deleted and failed reactions", () => {
    const groups = reactionsByTarget(
      [
        reaction("@bob:x", "👍"),
        reaction("@bob:x", "👍"),
        reaction("@carol:x", "👍", { redacted: true }),
        reaction("@dan:x", "👍", { sendState: "failed" }),
      ],
      ME,
    );
    expect(groups.get("$m")).toEqual([{ key: "👍", count: 1, mine: false, senders: ["bob"] }]);
  });

  it("shows your reaction while it sends, without an ID to take it back yet", () => {
    const groups = reactionsByTarget([reaction(ME, "❤️", { sendState: "pending", id: "~1" })], ME);
    expect(groups.get("$m")).toEqual([{ key: "❤️", count: 1, mine: true, senders: ["alice"] }]);
  });

  it("ignores malformed relations and cuts absurdly long keys", () => {
    const bad: RelationEvent[] = [
      { ...reaction("@bob:x", "x"), content: { "m.relates_to": "nope" } },
      {
        ...reaction("@bob:x", "x"),
        content: { "m.relates_to": { rel_type: "m.annotation", event_id: "$m" } },
      },
      {
        ...reaction("@bob:x", "x"),
        content: { "m.relates_to": { rel_type: "m.reference", event_id: "$m", key: "x" } },
      },
    ];
    expect(reactionsByTarget(bad, ME).size).toBe(0);
    const long = reactionsByTarget([reaction("@bob:x", "a".repeat(500))], ME).get("$m");
    expect(long?.[0]?.key).toBe(`${"a".repeat(64)}…`);
  });
});

describe("replyTargetOf and threadRootOf", () => {
  it("reads a reply's original", () => {
    expect(replyTargetOf({ "m.relates_to": { "m.in_reply_to": { event_id: "$q" } } })).toBe("$q");
    expect(replyTargetOf({ body: "x" })).toBeUndefined();
  });

  it("takes a thread message's fallback reply for what it is: not a reply", () => {
    const content = {
      "m.relates_to": {
        rel_type: "m.thread",
        event_id: "$root",
        is_falling_back: true,
        "m.in_reply_to": { event_id: "$last" },
      },
    };
    expect(replyTargetOf(content)).toBeUndefined();
    expect(threadRootOf(content)).toBe("$root");
  });

  it("keeps a real reply inside a thread", () => {
    const content = {
      "m.relates_to": {
        rel_type: "m.thread",
        event_id: "$root",
        is_falling_back: false,
        "m.in_reply_to": { event_id: "$answered" },
      },
    };
    expect(replyTargetOf(content)).toBe("$answered");
  });
});

describe("previewOf", () => {
  const base = { body: "", redacted: false, encrypted: false };
  it("gives the first non-empty line, cut when long", () => {
    expect(previewOf({ ...base, body: "\nfirst\nsecond" })).toBe("first");
    expect(previewOf({ ...base, body: "x".repeat(200) })).toBe(`${"x".repeat(140)}…`);
  });

  it("says what a message is when it has no words", () => {
    expect(previewOf({ ...base, redacted: true })).toBe("Message deleted");
    expect(previewOf({ ...base, encrypted: true })).toBe("Encrypted message");
    expect(previewOf({ ...base, file: { name: "plan.pdf" } })).toBe("File: plan.pdf");
  });
});
