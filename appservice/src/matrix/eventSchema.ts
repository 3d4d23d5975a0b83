import { z } from "zod";
import type { MatrixEvent } from "./events.ts";

// What a transaction must look like before anything reads it. Synapse sends client-format
// events (spec "ClientEvent"); anything else that reaches the endpoint (a buggy homeserver, a
// replayed capture, someone holding the hs_token) is refused here, event by event, so no
// handler ever sees a value of the wrong type.

/** The spec's limit on event, room and user IDs and on event types (255 bytes). */
const MAX_ID = 255;

const id = (sigil: string) =>
  z
    .string()
    .min(2)
    .max(MAX_ID)
    .refine((value) => value.startsWith(sigil), `must start with "${sigil}"`);

/** State event types Staffroom reads or that the spec defines as state: they need a state_key. */
const STATE_TYPES = new Set([
  "m.room.create",
  "m.room.member",
  "m.room.power_levels",
  "m.room.join_rules",
  "m.room.history_visibility",
  "m.room.guest_access",
  "m.room.name",
  "m.room.topic",
  "m.room.avatar",
  "m.room.canonical_alias",
  "m.room.encryption",
  "m.room.server_acl",
  "m.room.tombstone",
  "m.room.pinned_events",
  "m.room.retention",
  "m.space.child",
  "m.space.parent",
  "io.staffroom.managed",
]);

const content = z.record(z.string(), z.unknown());

/** One transaction event, as the handlers may rely on it. */
export const transactionEventSchema = z
  // Loose: fields Staffroom does not read yet (redacts, age…) stay on the event.
  .looseObject({
    type: z.string().min(1).max(MAX_ID),
    event_id: id("$"),
    room_id: id("!"),
    sender: id("@"),
    origin_server_ts: z.number().int().nonnegative(),
    state_key: z.string().max(MAX_ID).optional(),
    content,
    unsigned: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((event, ctx) => {
    if (STATE_TYPES.has(event.type) && event.state_key === undefined) {
      ctx.addIssue({ code: "custom", path: ["state_key"], message: `${event.type} needs one` });
    }
    // Redaction keeps `membership`, so every member event has it.
    if (event.type === "m.room.member" && typeof event.content["membership"] !== "string") {
      ctx.addIssue({ code: "custom", path: ["content", "membership"], message: "not a string" });
    }
  });

/** A validated transaction event: a {@link MatrixEvent} that surely has its ID and time. */
export type ValidEvent = MatrixEvent & { event_id: string; origin_server_ts: number };

/** A transaction event: valid or why not. */
export type EventCheck = { ok: true; event: ValidEvent } | { ok: false; reason: string };

/** Longest reason logged: a huge event must not become a huge log line. */
const MAX_REASON = 300;

/** Validates one event of a transaction; the reason names the first bad fields. */
export function checkTransactionEvent(raw: unknown): EventCheck {
  const parsed = transactionEventSchema.safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data };
  const reason = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".") || "event"}: ${issue.message}`)
    .join("; ");
  return { ok: false, reason: reason.slice(0, MAX_REASON) };
}

/** A short, safe label of a raw event for logs: its event_id when that is a sane string. */
export function rawEventLabel(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const eventId = (raw as { event_id?: unknown }).event_id;
  return typeof eventId === "string" && eventId.length <= MAX_ID ? eventId : undefined;
}

/** A transaction body: its raw events, or the reason it is refused as a whole. */
export type BodyCheck = { ok: true; events: readonly unknown[] } | { ok: false; reason: string };

/**
 * The transaction body's shape (spec: an object with an `events` array). Events are checked
 * one by one later; a body that is not even this is refused so Synapse's bug is visible.
 * Ephemeral and to-device arrays are not read (the registration does not ask for them).
 */
export function checkTransactionBody(body: unknown): BodyCheck {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, reason: "The transaction body must be a JSON object with an events array" };
  }
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events)) {
    return { ok: false, reason: "The transaction's events field must be an array of events" };
  }
  return { ok: true, events };
}

/** Longest transaction ID accepted (Synapse sends small integers). */
export const MAX_TXN_ID = MAX_ID;
