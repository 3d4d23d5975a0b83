/**
 * Fills rooms with conversation for the client benchmarks: messages from several people in
 * turn, some of them replies (Element's shape, `m.in_reply_to` and `m.mentions`) and some
 * reacted to (`m.annotation`), a few rooms at a time, with progress on the console.
 */
import { forEachLimited } from "../../appservice/src/provisioning/actionExecutor.ts";
import type { MatrixTestClient } from "../../tests/harness/matrixTestClient.ts";

/** What {@link seedHistory} writes. */
export type SeedPlan = {
  rooms: readonly string[];
  /** Messages per room. */
  perRoom: number;
  /** Who sends, in turn (at least one). */
  senders: readonly MatrixTestClient[];
  /** The body of message `index` of room `room` (both from 0). */
  body: (room: number, index: number) => string;
  /** Every n-th message answers the one before it (0: none). */
  replyEvery?: number;
  /** Every n-th message gets a 👍 from the next sender (0: none). */
  reactEvery?: number;
  /** Rooms filled at the same time. */
  concurrency?: number;
  say: (line: string) => void;
};

let txn = 0;

async function send(
  user: MatrixTestClient,
  roomId: string,
  type: string,
  content: Record<string, unknown>,
): Promise<string> {
  const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${type}/seed${Date.now()}-${txn++}`;
  return (await user.request<{ event_id: string }>("PUT", path, content)).event_id;
}

/**
 * Sends the plan's messages (each room in order, rooms side by side).
 * @returns how many events were sent and how long it took
 */
export async function seedHistory(plan: SeedPlan): Promise<{ events: number; ms: number }> {
  const { senders, replyEvery = 0, reactEvery = 0 } = plan;
  const total = plan.rooms.length * plan.perRoom;
  const started = Date.now();
  let messages = 0;
  let events = 0;
  let lastReport = started;
  const report = (force = false): void => {
    const now = Date.now();
    if (!force && now - lastReport < 5000) return;
    lastReport = now;
    const rate = (events / Math.max(1, now - started)) * 1000;
    plan.say(
      `  seeded ${messages.toLocaleString("en")} of ${total.toLocaleString("en")} messages (${rate.toFixed(0)} events/s)`,
    );
  };
  await forEachLimited(
    plan.rooms.map((roomId, room) => ({ roomId, room })),
    plan.concurrency ?? 4,
    async ({ roomId, room }) => {
      let previous: { id: string; sender: string } | undefined;
      for (let index = 0; index < plan.perRoom; index++) {
        const sender = senders[index % senders.length] as MatrixTestClient;
        const body = plan.body(room, index);
        const reply = previous !== undefined && replyEvery > 0 && index % replyEvery === 0;
        const content: Record<string, unknown> = { msgtype: "m.text", body };
        if (reply && previous) {
          content["m.relates_to"] = { "m.in_reply_to": { event_id: previous.id } };
          content["m.mentions"] =
            previous.sender === sender.userId ? {} : { user_ids: [previous.sender] };
        }
        const id = await send(sender, roomId, "m.room.message", content);
        events++;
        if (reactEvery > 0 && index % reactEvery === 0) {
          const reactor = senders[(index + 1) % senders.length] as MatrixTestClient;
          await send(reactor, roomId, "m.reaction", {
            "m.relates_to": { rel_type: "m.annotation", event_id: id, key: "👍" },
          });
          events++;
        }
        previous = { id, sender: sender.userId };
        messages++;
        report();
      }
    },
  );
  report(true);
  return { events, ms: Date.now() - started };
}
