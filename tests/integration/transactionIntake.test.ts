import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig, start } from "@staffroom/appservice";
import { startAppservice } from "../../scripts/lib/appserviceProcess.ts";
import type { RoomEvent } from "../harness/matrixTestClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import {
  botAnswersTo,
  faqMessage,
  putTransaction,
  type TokenVia,
} from "../harness/transactions.ts";
import { waitFor } from "../harness/waitFor.ts";

// The transaction endpoint against a real Synapse: the spec's 401/403, malformed transactions
// skipped event by event with the process up, and `!faq` answered exactly once however often
// its transaction or its event comes again, also after the appservice restarted.

const env = useTestEnv({ users: ["alice"] });
let roomId = "";

const hsToken = () => env().synapse.secrets.hs_token;
const put = (txnId: string, body: unknown, via: TokenVia = "header") =>
  putTransaction(env().appserviceUrl, hsToken(), txnId, body, via);
const alice = () => env().getUser("alice");
const answers = (word: string) => botAnswersTo(alice(), roomId, env().botUserId, word);
const answered = (word: string) =>
  waitFor(`the bot's answer to "!faq ${word}"`, async () =>
    (await answers(word)).length > 0 ? true : undefined,
  );
let words = 0;
const freshWord = (label: string) => `${label}${Date.now().toString(36)}q${words++}`;

/**
 * Waits until a new `!faq` sent after the replays is answered: transactions are taken in
 * order, so any answer the replays caused is in the room by then.
 */
async function settle(): Promise<void> {
  const word = freshWord("sentinel");
  expect(
    (await put(`settle-${word}`, { events: [faqMessage(roomId, alice().userId, word)] })).status,
  ).toBe(200);
  await answered(word);
}

beforeAll(async () => {
  await env().appservice.sync.idle();
  const alias = encodeURIComponent(`#all-staff:${env().serverName}`);
  roomId = (
    await alice().request<{ room_id: string }>("GET", `/_matrix/client/v3/directory/room/${alias}`)
  ).room_id;
  await alice().request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});
});

describe("hs_token", () => {
  const routes: [method: string, path: string][] = [
    ["PUT", "/_matrix/app/v1/transactions/auth-1"],
    ["GET", "/_matrix/app/v1/users/%40someone%3Astaffroom.local"],
    ["GET", "/_matrix/app/v1/rooms/%23somewhere%3Astaffroom.local"],
    ["POST", "/_matrix/app/v1/ping"],
    ["GET", "/_matrix/app/v1/unknown"],
  ];
  const call = (method: string, path: string, auth: { header?: string; query?: string }) => {
    const url = new URL(path, env().appserviceUrl);
    if (auth.query !== undefined) url.searchParams.set("access_token", auth.query);
    return fetch(url, {
      method,
      headers: {
        "content-type": "application/json",
        ...(auth.header === undefined ? {} : { authorization: auth.header }),
      },
      body: method === "GET" ? undefined : JSON.stringify({ events: [] }),
    });
  };

  it("answers 401 M_UNAUTHORIZED without a token and 403 M_FORBIDDEN with a wrong one, on every route", async () => {
    for (const [method, path] of routes) {
      const missing = await call(method, path, {});
      expect(missing.status, `${method} ${path}`).toBe(401);
      expect(await missing.json()).toMatchObject({ errcode: "M_UNAUTHORIZED" });
      for (const auth of [{ header: "Bearer wrong" }, { query: "wrong" }, { header: "Basic x" }]) {
        const wrong = await call(method, path, auth);
        expect(wrong.status, `${method} ${path} ${JSON.stringify(auth)}`).toBe(403);
        expect(await wrong.json()).toMatchObject({ errcode: "M_FORBIDDEN" });
      }
      for (const auth of [{ header: `Bearer ${hsToken()}` }, { query: hsToken() }]) {
        const right = await call(method, path, auth);
        expect([401, 403], `${method} ${path} ${JSON.stringify(auth)}`).not.toContain(right.status);
      }
    }
  });

  it("takes a transaction with the token in the header or in the query string", async () => {
    const viaHeader = freshWord("header");
    const viaQuery = freshWord("query");
    const m = (w: string) => ({ events: [faqMessage(roomId, alice().userId, w)] });
    expect(await put(`auth-${viaHeader}`, m(viaHeader), "header")).toMatchObject({ status: 200 });
    expect(await put(`auth-${viaQuery}`, m(viaQuery), "query")).toMatchObject({ status: 200 });
    await answered(viaHeader);
    await answered(viaQuery);
  });

  it("does not serve the legacy unprefixed transaction path", async () => {
    const word = freshWord("legacy");
    const response = await fetch(new URL("/transactions/legacy-1", env().appserviceUrl), {
      method: "PUT",
      headers: { authorization: `Bearer ${hsToken()}`, "content-type": "application/json" },
      body: JSON.stringify({ events: [faqMessage(roomId, alice().userId, word)] }),
    });
    expect(response.status).toBe(404);
    await settle();
    expect(await answers(word)).toEqual([]);
  });
});

describe("malformed transactions", () => {
  it("skips malformed events, refuses bodies without an events array, and stays up", async () => {
    expect(await put("bad-1", { events: [{}] })).toEqual({ status: 200, body: {} });
    const nope = await put("bad-2", { events: "nope" });
    expect(nope).toMatchObject({
      status: 400,
      body: { errcode: "M_BAD_JSON", error: expect.stringContaining("events") },
    });
    expect(await put("bad-3", "{not json")).toMatchObject({
      status: 400,
      body: { errcode: "M_NOT_JSON" },
    });
    for (const body of [null, [], 42, '"text"', {}]) {
      expect((await put("bad-4", body)).status, JSON.stringify(body)).toBe(400);
    }
    // The good events of a transaction are handled, whatever else it carries.
    const word = freshWord("mixed");
    const { state_key: _none, ...memberWithoutKey } = {
      ...faqMessage(roomId, alice().userId, "x"),
      type: "m.room.member",
      state_key: "",
      content: { membership: "invite" },
    };
    const mixed = await put("bad-5", {
      events: [
        {},
        null,
        "event",
        { type: 5 },
        { ...faqMessage(roomId, alice().userId, word), content: "!faq" },
        memberWithoutKey,
        faqMessage(roomId, alice().userId, word),
        { ...faqMessage(roomId, alice().userId, word), type: "x".repeat(100_000) },
      ],
    });
    expect(mixed).toEqual({ status: 200, body: {} });
    await answered(word);
    expect(await answers(word)).toHaveLength(1);
    // A refused body is not remembered: the same transaction ID, well formed, is processed.
    const later = freshWord("retried");
    expect(
      (await put("bad-2", { events: [faqMessage(roomId, alice().userId, later)] })).status,
    ).toBe(200);
    await answered(later);
    expect((await fetch(new URL("/health", env().appserviceUrl))).status).toBe(200);
  });
});

describe("exactly once", () => {
  it("answers a replayed transaction once", async () => {
    const word = freshWord("replay");
    const body = { events: [faqMessage(roomId, alice().userId, word)] };
    expect(await put(`replay-${word}`, body)).toEqual({ status: 200, body: {} });
    await answered(word);
    expect(await put(`replay-${word}`, body)).toEqual({ status: 200, body: {} });
    expect(await put(`replay-${word}`, body)).toEqual({ status: 200, body: {} });
    await settle();
    expect(await answers(word)).toHaveLength(1);
  });

  it("acts once on an event that comes again in another transaction, also one Synapse delivered", async () => {
    const word = freshWord("resent");
    const event = faqMessage(roomId, alice().userId, word);
    await put(`first-${word}`, { events: [event] });
    await answered(word);
    await put(`second-${word}`, { events: [event, event] });

    const real = freshWord("real");
    const eventId = await alice().sendText(roomId, `!faq ${real}`);
    await answered(real);
    const delivered = await alice().request<RoomEvent & { room_id: string }>(
      "GET",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(eventId)}`,
    );
    expect(delivered).toMatchObject({ event_id: eventId, room_id: roomId });
    await put(`again-${real}`, { events: [delivered] });
    await settle();
    expect(await answers(word)).toHaveLength(1);
    expect(await answers(real)).toHaveLength(1);
  });

  it("after a restart on the same database, a resent transaction or event is not answered again", async () => {
    const word = freshWord("restart");
    const event = faqMessage(roomId, alice().userId, word);
    await put(`before-${word}`, { events: [event] });
    await answered(word);
    await env().appservice.stop();
    const restarted = await start(await loadConfig(env().configPath));
    try {
      expect(restarted.url).toBe(env().appserviceUrl);
      expect(await put(`before-${word}`, { events: [event] })).toEqual({ status: 200, body: {} });
      expect(await put(`after-${word}`, { events: [event] })).toEqual({ status: 200, body: {} });
      await settle();
      expect(await answers(word)).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
  });

  it("as its own OS process: the issue's transactions leave it running, and nothing is answered twice", async () => {
    // An event the in-process appservices already answered, resent to a new process.
    const word = freshWord("process");
    const event = faqMessage(roomId, alice().userId, word);
    const restarted = await start(await loadConfig(env().configPath));
    await put(`inproc-${word}`, { events: [event] });
    await answered(word);
    await restarted.stop();

    const logFile = join(env().synapse.dir, "appservice-process.log");
    const child = await startAppservice({
      configPath: env().configPath,
      url: env().appserviceUrl,
      logFile,
    });
    try {
      expect(await put(`proc-a-${word}`, { events: [{}] })).toEqual({ status: 200, body: {} });
      expect(await put(`proc-b-${word}`, { events: "nope" })).toMatchObject({ status: 400 });
      expect(await put(`proc-c-${word}`, { events: [event] })).toEqual({ status: 200, body: {} });
      await settle();
      expect(child.exitCode()).toBeUndefined();
      expect((await fetch(new URL("/health", env().appserviceUrl))).status).toBe(200);
      expect(await answers(word)).toHaveLength(1);
    } finally {
      await child.stop();
    }
    expect(child.exitCode()).toBe(0);
  });
});
