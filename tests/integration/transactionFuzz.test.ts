import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { loadConfig } from "@staffroom/appservice";
import { useTestEnv } from "../harness/testEnv.ts";
import { botAnswersTo, faqMessage, putTransaction } from "../harness/transactions.ts";
import { waitFor } from "../harness/waitFor.ts";

// Property-based fuzzing of the transaction endpoint of an appservice wired to a real Synapse:
// 1,000+ random and malformed transactions (random JSON, wrong types in every field, huge
// strings, nested junk, valid-looking events with one field wrong, unknown types, state events
// without a state_key, bodies that are not JSON). Every one is answered with what the intake
// rules say (200 when the body is an object with an events array, else 400), /health stays 200
// throughout, and afterwards a valid `!faq` is still answered.

const env = useTestEnv({ users: ["alice"] });
const RUNS = 1_000;
let roomId = "";
let sender = "";

beforeAll(async () => {
  // Thousands of "skipped a malformed event" warnings are the expected outcome here.
  const config = await loadConfig(env().configPath);
  await env().appservice.reload({ ...config, logging: { ...config.logging, level: "error" } });
  await env().appservice.sync.idle();
  const alice = env().getUser("alice");
  sender = alice.userId;
  const alias = encodeURIComponent(`#all-staff:${env().serverName}`);
  roomId = (
    await alice.request<{ room_id: string }>("GET", `/_matrix/client/v3/directory/room/${alias}`)
  ).room_id;
  await alice.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});
});

/** A plausible event of the room, before a field is broken. */
const base = () => ({
  type: "m.room.message",
  event_id: `$fuzz${Math.random().toString(36).slice(2)}`,
  room_id: roomId,
  sender,
  origin_server_ts: Date.now(),
  content: { msgtype: "m.text", body: "hello" },
});

const FIELDS = [
  "type",
  "event_id",
  "room_id",
  "sender",
  "origin_server_ts",
  "state_key",
  "content",
  "unsigned",
];
const STATE_TYPES = ["m.room.member", "m.room.create", "m.room.power_levels", "m.space.child"];

const huge = fc
  .constantFrom(1_000, 70_000, 400_000)
  .chain((n) => fc.constantFrom("x", "€", "\u0000", "$").map((c) => c.repeat(n)));
const junk = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 6 }), weight: 6 },
  { arbitrary: huge, weight: 1 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
);

/** One event of a transaction: anything from junk to almost right. */
const event = fc.oneof(
  { arbitrary: junk, weight: 3 },
  // A valid-looking event with one field of the wrong type (or missing).
  {
    arbitrary: fc
      .record({ field: fc.constantFrom(...FIELDS), value: fc.option(junk) })
      .map(({ field, value }) => {
        const event: Record<string, unknown> = base();
        if (value === null) delete event[field];
        else event[field] = value;
        return event;
      }),
    weight: 4,
  },
  // Unknown or odd types with random content.
  {
    arbitrary: fc
      .record({
        type: fc.string({ maxLength: 300 }),
        content: fc.dictionary(fc.string(), fc.jsonValue()),
      })
      .map((fields) => ({ ...base(), ...fields })),
    weight: 2,
  },
  // State events without a state_key, or with a bad membership.
  {
    arbitrary: fc
      .record({ type: fc.constantFrom(...STATE_TYPES), membership: fc.jsonValue({ maxDepth: 2 }) })
      .map(({ type, membership }) => ({ ...base(), type, content: { membership } })),
    weight: 2,
  },
  // Valid events of kinds the handlers look at, with random content.
  {
    arbitrary: fc
      .record({
        type: fc.constantFrom("m.room.message", "m.room.member", "m.room.redaction"),
        // The bot (its invite handler) and a guest (the guest-leave handler) among them.
        state_key: fc.constantFrom("@nobody:fuzz.invalid", "", "@guest_abc:fuzz.invalid", "bot"),
        content: fc.dictionary(
          fc.constantFrom("msgtype", "body", "membership", "m.new_content", "org.staffroom.faq"),
          fc.oneof(
            fc.constantFrom("invite", "leave", "m.text", "!faq", "!faq share x"),
            fc.jsonValue({ maxDepth: 3 }),
          ),
        ),
      })
      .map((fields) => ({
        ...base(),
        ...fields,
        state_key: fields.state_key === "bot" ? env().botUserId : fields.state_key,
      })),
    weight: 2,
  },
);

/** A whole request body: usually `{events: [...]}`, sometimes anything else. */
const body = fc.oneof(
  { arbitrary: fc.record({ events: fc.array(event, { maxLength: 12 }) }), weight: 6 },
  {
    arbitrary: fc.record({
      events: fc.array(event, { maxLength: 3 }),
      "de.sorunome.msc2409.ephemeral": junk,
      "de.sorunome.msc2409.to_device": junk,
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ events: junk }), weight: 2 },
  { arbitrary: junk, weight: 2 },
  { arbitrary: fc.string({ maxLength: 50 }).map((text) => ({ raw: `{${text}` })), weight: 1 },
);

/** Largest body the endpoint reads (embeddedAppService.ts). */
const MAX_BODY = 5_000_000;

/** The request body as sent: JSON, or the raw text of a `{raw}` case (usually not JSON). */
function encode(sent: unknown): string {
  const isRaw =
    typeof sent === "object" && sent !== null && "raw" in sent && Object.keys(sent).length === 1;
  return isRaw ? (sent as { raw: string }).raw : JSON.stringify(sent);
}

/** What the rules say the answer must be. */
function expectedStatus(text: string): number {
  if (Buffer.byteLength(text) > MAX_BODY) return 413;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 400;
  }
  const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  return isObject && Array.isArray((parsed as { events?: unknown }).events) ? 200 : 400;
}

it(`survives ${RUNS} random and malformed transactions and still answers !faq`, async () => {
  const url = env().appserviceUrl;
  const token = env().synapse.secrets.hs_token;
  const health = async () => (await fetch(new URL("/health", url))).status;
  let run = 0;
  const statuses = new Map<number, number>();
  const report = await fc.check(
    fc.asyncProperty(body, async (sent) => {
      run += 1;
      const text = encode(sent);
      const answer = await putTransaction(url, token, `fuzz-${run}`, text);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expect(answer.status).toBe(expectedStatus(text));
      if (answer.status === 400) {
        expect(answer.body).toMatchObject({ errcode: expect.stringMatching(/^M_(BAD|NOT)_JSON$/) });
      }
      expect(await health()).toBe(200);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  // fast-check's own report prints the whole counterexample, which may be megabytes.
  if (report.failed) {
    const error = report.errorInstance instanceof Error ? report.errorInstance.message : "";
    throw new Error(
      `transaction ${run} broke the rules (seed ${report.seed}, path ${report.counterexamplePath}): ` +
        `${error.slice(0, 400)}\nbody: ${encode(report.counterexample?.[0]).slice(0, 400)}`,
    );
  }
  expect(run).toBeGreaterThanOrEqual(RUNS);
  // Both outcomes were exercised, not only one.
  expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 4);
  expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 20);
  expect(await health()).toBe(200);

  const word = `afterfuzz${Date.now().toString(36)}`;
  const last = await putTransaction(url, token, "fuzz-final", {
    events: [faqMessage(roomId, sender, word)],
  });
  expect(last).toEqual({ status: 200, body: {} });
  const alice = env().getUser("alice");
  await waitFor(`the bot's answer to "!faq ${word}" after the fuzz`, async () =>
    (await botAnswersTo(alice, roomId, env().botUserId, word)).length === 1 ? true : undefined,
  );
}, 150_000);
