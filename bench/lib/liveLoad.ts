/**
 * Benchmark load helpers on a real Synapse: filling rooms with real messages fast (several sends
 * in flight per room: Synapse creates up to five events of a room at once and persists them in
 * batches), and a live sender that measures send latency while something else runs.
 */
import { seg, type BotHttp } from "../../appservice/src/matrix/botHttp.ts";

let txn = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one `m.text` as the bot. */
export async function sendText(http: BotHttp, roomId: string, body: string): Promise<void> {
  await http.request(
    "PUT",
    `/_matrix/client/v3/rooms/${seg(roomId)}/send/m.room.message/b${Date.now()}-${txn++}`,
    { body: { msgtype: "m.text", body } },
  );
}

/**
 * Sends `perRoom` messages into every room, `inFlight` at a time per room, all rooms at once.
 * @returns messages per second
 */
export async function fillRooms(
  http: BotHttp,
  rooms: readonly string[],
  perRoom: number,
  opts: { inFlight: number; label: string },
): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    rooms.map(async (roomId) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(opts.inFlight, perRoom) }, async () => {
          for (let i = next++; i < perRoom; i = next++) {
            await sendText(http, roomId, `${opts.label} message ${i}`);
          }
        }),
      );
    }),
  );
  return (rooms.length * perRoom) / ((performance.now() - t0) / 1000);
}

/** Sends to `roomId` every `everyMs` until stopped; `stop` returns the latencies in ms. */
export function liveSender(http: BotHttp, roomId: string, everyMs = 50) {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await sendText(http, roomId, "live");
      latencies.push(performance.now() - t0);
      await sleep(everyMs);
    }
  })();
  return {
    async stop(): Promise<number[]> {
      running = false;
      await loop;
      return latencies;
    },
  };
}

/** Measures live-send latencies while `work` runs; returns both and the work's duration. */
export async function whileSending<T>(
  http: BotHttp,
  roomId: string,
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; latencies: number[] }> {
  const live = liveSender(http, roomId);
  const t0 = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - t0, latencies: await live.stop() };
  } finally {
    await live.stop();
  }
}

/** The 99th percentile (nearest rank); NaN for no values. */
export function p99(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? NaN;
}
