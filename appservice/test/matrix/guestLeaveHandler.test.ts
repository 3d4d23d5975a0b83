import { describe, expect, it, vi } from "vitest";
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

  it("deactivates the guest after the grace period, or at once on flush; nothing while meetings are off", async () => {
    const left: string[] = [];
    const target = () => ({
      guestLeft: async (userId: string) => {
        left.push(userId);
        return true;
      },
    });
    const quick = makeGuestLeaveHandler(target, { graceMs: 10 });
    await quick.handle(member("@guest_abc234:test", "leave"), context);
    expect(left).toEqual([]);
    await vi.waitFor(() => expect(left).toEqual(["@guest_abc234:test"]));

    const slow = makeGuestLeaveHandler(target, { graceMs: 60_000 });
    await slow.handle(member("@guest_def567:test", "leave"), context);
    await slow.handle(member("@guest_def567:test", "ban"), context);
    await slow.flush();
    expect(left).toEqual(["@guest_abc234:test", "@guest_def567:test"]);
    await slow.flush();
    expect(left).toHaveLength(2);

    const off = makeGuestLeaveHandler(() => null, { graceMs: 0 });
    await off.handle(member("@guest_x:test", "leave"), context);
    await off.flush();
    expect(left).toHaveLength(2);
  });
});
