import { describe, expect, it } from "vitest";
import type { MatrixEvent } from "../../src/matrix/events.ts";
import { isDrift } from "../../src/provisioning/driftHandler.ts";

const BOT = "@staffbot:x";
const expected = new Set(["@alice:x", "@bob:x"]);
const member = (sender: string, user: string, membership: string): MatrixEvent => ({
  type: "m.room.member",
  room_id: "!r:x",
  sender,
  state_key: user,
  content: { membership },
});

describe("isDrift", () => {
  it.each([
    ["a member leaving by hand", member("@alice:x", "@alice:x", "leave"), true],
    ["an outsider joined by someone", member("@eve:x", "@eve:x", "join"), true],
    ["an outsider invited", member("@alice:x", "@eve:x", "invite"), true],
    ["the sync's own admin join of a member", member("@bob:x", "@bob:x", "join"), false],
    ["the bot kicking someone", member(BOT, "@eve:x", "leave"), false],
    ["an outsider leaving", member("@eve:x", "@eve:x", "leave"), false],
    [
      "power levels changed by hand",
      {
        type: "m.room.power_levels",
        room_id: "!r:x",
        sender: "@alice:x",
        state_key: "",
        content: {},
      },
      true,
    ],
    [
      "a message",
      { type: "m.room.message", room_id: "!r:x", sender: "@alice:x", content: { body: "hi" } },
      false,
    ],
  ] as const)("%s → %s", (_name, event, drift) => {
    expect(isDrift(event, expected, BOT)).toBe(drift);
  });

  it("ignores rooms that are not managed", () => {
    expect(isDrift(member("@eve:x", "@eve:x", "join"), undefined, BOT)).toBe(false);
  });
});
