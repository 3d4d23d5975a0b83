import { describe, expect, it } from "vitest";
import {
  isGuestDeparture,
  makeGuestLeaveHandler,
} from "../../src/matrix/handlers/guestLeaveHandler.ts";
import type { HandlerContext, MatrixEvent } from "../../src/matrix/events.ts";
import { makeLogger } from "../../src/observability/logger.ts";

const member = (stateKey: string, membership: string): MatrixEvent => ({
  type: "m.room.member",
  room_id: "!meet:test",
  sender: "@alice:test",
  state_key: stateKey,
  content: { membership },
});

const context: HandlerContext = {
  botUserId: "@staffbot:test",
  bot: { joinRoom: async () => undefined },
  log: makeLogger("test"),
};

describe("the guest leave handler", () => {
  it("reacts to guests leaving or banned, nothing else", () => {
    expect(isGuestDeparture(member("@guest_abc234:test", "leave"))).toBe(true);
    expect(isGuestDeparture(member("@guest_abc234:test", "ban"))).toBe(true);
    expect(isGuestDeparture(member("@guest_abc234:test", "knock"))).toBe(false);
    expect(isGuestDeparture(member("@guest_abc234:test", "join"))).toBe(false);
    expect(isGuestDeparture(member("@bob:test", "leave"))).toBe(false);
    expect(
      isGuestDeparture({ ...member("@guest_abc234:test", "leave"), type: "m.room.name" }),
    ).toBe(false);
  });

  it("asks the meeting service to deactivate the guest, and does nothing while meetings are off", async () => {
    const left: string[] = [];
    const handler = makeGuestLeaveHandler(() => ({
      guestLeft: async (userId) => {
        left.push(userId);
        return true;
      },
    }));
    await handler.handle(member("@guest_abc234:test", "leave"), context);
    expect(left).toEqual(["@guest_abc234:test"]);
    await makeGuestLeaveHandler(() => null).handle(member("@guest_x:test", "leave"), context);
    expect(left).toHaveLength(1);
  });
});
