import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { makeEventRouter } from "../../src/matrix/eventRouter.ts";
import type { HandlerContext, MatrixEvent, MatrixEventHandler } from "../../src/matrix/events.ts";
import { botInviteHandler } from "../../src/matrix/handlers/botInviteHandler.ts";
import { makeLogger } from "../../src/observability/logger.ts";
import { createMetrics } from "../../src/observability/metrics.ts";
import { captureLogs } from "../helpers/logs.ts";

const BOT = "@staffbot:staffroom.local";

function fakeContext(): HandlerContext & { joined: string[] } {
  const joined: string[] = [];
  return {
    joined,
    botUserId: BOT,
    bot: {
      joinRoom: (roomId) => {
        joined.push(roomId);
        return Promise.resolve();
      },
    },
    log: makeLogger("Test"),
  };
}

const member = (stateKey: string, membership: string): MatrixEvent => ({
  type: "m.room.member",
  room_id: "!room:staffroom.local",
  sender: "@alice:staffroom.local",
  state_key: stateKey,
  content: { membership },
});

describe("botInviteHandler", () => {
  it("joins when the bot itself is invited", async () => {
    const context = fakeContext();
    const event = member(BOT, "invite");
    expect(botInviteHandler.matches(event, context)).toBe(true);
    await botInviteHandler.handle(event, context);
    expect(context.joined).toEqual(["!room:staffroom.local"]);
  });

  it("ignores invites of other users and the bot's other memberships", () => {
    const context = fakeContext();
    expect(botInviteHandler.matches(member("@bob:staffroom.local", "invite"), context)).toBe(false);
    expect(botInviteHandler.matches(member(BOT, "join"), context)).toBe(false);
    expect(
      botInviteHandler.matches({ ...member(BOT, "invite"), type: "m.room.message" }, context),
    ).toBe(false);
  });
});

describe("makeEventRouter", () => {
  it("counts events by type and runs matching handlers in order", async () => {
    const metrics = createMetrics(new Registry());
    const seen: string[] = [];
    const handler = (name: string, match: boolean): MatrixEventHandler => ({
      name,
      matches: () => match,
      handle: () => {
        seen.push(name);
        return Promise.resolve();
      },
    });
    const route = makeEventRouter(
      [handler("a", true), handler("b", false), handler("c", true)],
      fakeContext(),
      metrics,
    );
    await route(member(BOT, "invite"));
    await route({ ...member(BOT, "invite"), type: "org.example.custom" });
    expect(seen).toEqual(["a", "c", "a", "c"]);
    const values = (await metrics.matrixEvents.get()).values.map((v) => [
      v.labels["type"],
      v.value,
    ]);
    expect(values).toEqual([
      ["m.room.member", 1],
      ["other", 1],
    ]);
  });

  it("isolates a failing handler: logs, counts, and still runs the next one", async () => {
    const logs = captureLogs("error");
    const metrics = createMetrics(new Registry());
    const context = fakeContext();
    const failing: MatrixEventHandler = {
      name: "broken",
      matches: () => true,
      handle: () => Promise.reject(new Error("M_FORBIDDEN")),
    };
    const route = makeEventRouter([failing, botInviteHandler], context, metrics);
    await route(member(BOT, "invite"));
    expect(context.joined).toEqual(["!room:staffroom.local"]);
    expect((await metrics.matrixEventFailures.get()).values[0]?.labels).toEqual({
      handler: "broken",
    });
    expect(logs.lines.some((l) => l.includes("handler broken failed"))).toBe(true);
  });
});
