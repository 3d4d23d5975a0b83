import { describe, expect, it } from "vitest";
import type { FaqLookup } from "../../src/faq/faqCommand.ts";
import type { FaqShare } from "../../src/faq/ports.ts";
import type { BotHttp, BotRequestOptions } from "../../src/matrix/botHttp.ts";
import type { HandlerContext, MatrixEvent } from "../../src/matrix/events.ts";
import { makeFaqCommandHandler } from "../../src/matrix/handlers/faqCommandHandler.ts";
import { makeFaqShareHandler } from "../../src/matrix/handlers/faqShareHandler.ts";
import { makeLogger } from "../../src/observability/logger.ts";

// The Matrix side of FAQs with fakes: what is sent where, and what is counted.

const BOT = "@staffbot:x";
const context: HandlerContext = {
  botUserId: BOT,
  bot: { joinRoom: () => Promise.resolve() },
  log: makeLogger("Test"),
};

function fakeHttp() {
  const sent: { path: string; body: Record<string, unknown> }[] = [];
  const http: BotHttp = {
    botUserId: BOT,
    request<T>(method: string, path: string, options?: BotRequestOptions): Promise<T> {
      sent.push({ path, body: options?.body as Record<string, unknown> });
      return Promise.resolve({ event_id: `$e${sent.length}` } as T);
    },
    counts: () => ({ reads: 0, writes: 0, retries: 0 }),
    resetCounts: () => undefined,
  };
  return { http, sent };
}

const message = (body: string, extra: Record<string, unknown> = {}): MatrixEvent => ({
  type: "m.room.message",
  room_id: "!managed:x",
  sender: "@bob:x",
  event_id: "$cmd",
  content: { msgtype: "m.text", body, ...extra },
});

const lookup: FaqLookup = {
  search: () => Promise.resolve([]),
  find: (id) =>
    Promise.resolve([
      { id, group: "Loans", question: "Q?", answerHtml: "<p>A</p>", answerText: "A", url: "" },
    ]),
};

function handlerWith(managed: boolean) {
  const { http, sent } = fakeHttp();
  const recorded: FaqShare[] = [];
  const handler = makeFaqCommandHandler({
    http: () => http,
    isManagedRoom: () => Promise.resolve(managed),
    asker: (userId) => ({ userId, displayName: "Bob", allowed: true }),
    lookupFor: () => lookup,
    shares: { record: (share) => Promise.resolve(recorded.push(share) > 0) },
  });
  return { handler, sent, recorded };
}

describe("faqCommandHandler", () => {
  it("matches !faq text from people only, not the bot, edits or other messages", () => {
    const { handler } = handlerWith(true);
    expect(handler.matches(message("!faq wifi"), context)).toBe(true);
    expect(handler.matches({ ...message("!faq wifi"), sender: BOT }, context)).toBe(false);
    expect(handler.matches(message("hello"), context)).toBe(false);
    expect(handler.matches(message("!faq x", { "m.new_content": {} }), context)).toBe(false);
    expect(handler.matches(message("!faq x", { msgtype: "m.notice" }), context)).toBe(false);
  });

  it("answers with a notice, and posts and counts a share card", async () => {
    const { handler, sent, recorded } = handlerWith(true);
    await handler.handle(message("!faq wifi"), context);
    expect(sent[0]?.path).toMatch(
      /^\/_matrix\/client\/v3\/rooms\/!managed%3Ax\/send\/m\.room\.message\/faq-/,
    );
    expect(sent[0]?.body).toMatchObject({
      msgtype: "m.notice",
      body: "No FAQ matches “wifi”. Try fewer or other words.",
    });
    await handler.handle(message("!faq share renew"), context);
    expect(sent[1]?.body).toMatchObject({
      msgtype: "m.text",
      "org.staffroom.faq": { id: "renew", group: "Loans" },
    });
    expect(recorded).toMatchObject([
      { eventId: "$e2", faqId: "renew", group: "Loans", sender: BOT },
    ]);
  });

  it("stays quiet in rooms Staffroom does not manage", async () => {
    const { handler, sent } = handlerWith(false);
    await handler.handle(message("!faq help"), context);
    expect(sent).toEqual([]);
  });
});

describe("faqShareHandler", () => {
  it("records messages carrying a well-formed share key", async () => {
    const recorded: FaqShare[] = [];
    const handler = makeFaqShareHandler({ record: (s) => Promise.resolve(recorded.push(s) > 0) });
    const share = message("FAQ: Q?", { "org.staffroom.faq": { id: "renew", group: "Loans" } });
    expect(handler.matches(share, context)).toBe(true);
    expect(handler.matches(message("FAQ", { "org.staffroom.faq": { id: 3 } }), context)).toBe(
      false,
    );
    await handler.handle({ ...share, origin_server_ts: 1_700_000_000_000 }, context);
    expect(recorded).toEqual([
      {
        eventId: "$cmd",
        roomId: "!managed:x",
        sender: "@bob:x",
        faqId: "renew",
        group: "Loans",
        at: new Date(1_700_000_000_000),
      },
    ]);
  });
});
