import type { IPushRules } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import { levelOf } from "./roomNotificationLevel.ts";

const rules = (partial: Partial<IPushRules["global"]>): IPushRules =>
  ({
    global: { override: [], room: [], content: [], sender: [], underride: [], ...partial },
  }) as IPushRules;

describe("levelOf", () => {
  it("is All messages without a rule for the room", () => {
    expect(levelOf(rules({}), "!r:x")).toBe("all");
    expect(levelOf(undefined, "!r:x")).toBe("all");
  });

  it("reads Element's 'mentions and keywords' room rule", () => {
    const room = [{ rule_id: "!r:x", default: false, enabled: true, actions: [] }];
    expect(levelOf(rules({ room }), "!r:x")).toBe("mentions");
    expect(levelOf(rules({ room }), "!other:x")).toBe("all");
  });

  it("reads Element's mute override rule", () => {
    const override = [
      {
        rule_id: "!r:x",
        default: false,
        enabled: true,
        actions: [],
        conditions: [{ kind: "event_match", key: "room_id", pattern: "!r:x" }],
      },
    ];
    expect(levelOf(rules({ override } as never), "!r:x")).toBe("off");
  });

  it("ignores disabled rules and rules that still notify", () => {
    const room = [
      { rule_id: "!r:x", default: false, enabled: false, actions: [] },
      { rule_id: "!n:x", default: false, enabled: true, actions: ["notify"] },
    ];
    expect(levelOf(rules({ room } as never), "!r:x")).toBe("all");
    expect(levelOf(rules({ room } as never), "!n:x")).toBe("all");
  });
});
