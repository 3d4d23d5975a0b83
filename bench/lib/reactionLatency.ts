/**
 * The reaction half of `bench/message-latency.ts`: a reaction picked in one browser until its
 * chip shows in the other, and the same reaction sent with the raw SDK until the other client's
 * `/sync` delivers it.
 */
import {
  EventType,
  RelationType,
  RoomEvent,
  type MatrixClient,
  type MatrixEvent,
} from "matrix-js-sdk";
import type { Page } from "playwright-core";

// In bob's page: when each message first shows a reaction chip. In alice's: her last press.
const CHIP_SCRIPT = `
  window.__chips = new Map();
  new MutationObserver(() => {
    for (const list of document.querySelectorAll('li[data-event-id] ul[aria-label="Reactions"]')) {
      const id = list.closest("li[data-event-id]").dataset.eventId;
      if (!window.__chips.has(id)) window.__chips.set(id, Date.now());
    }
  }).observe(document.body, { childList: true, subtree: true });
`;
const PRESS_SCRIPT = `
  document.addEventListener("pointerdown", () => { window.__pressedAt = Date.now(); }, true);
`;

/** Browser A reacts under each of `count` new messages; ms from the press to B's chip. */
export async function reactionRun(
  alice: Page,
  bob: Page,
  post: (text: string) => Promise<string>,
  count: number,
  tag: string,
): Promise<number[]> {
  await bob.evaluate(CHIP_SCRIPT);
  await alice.evaluate(PRESS_SCRIPT);
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const eventId = await post(`react-${tag}-${i}`);
    const row = alice.locator(`li[data-event-id="${eventId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.hover();
    await row.getByRole("button", { name: "React" }).click();
    const emoji = alice.getByRole("dialog", { name: "Emoji picker" }).getByRole("menuitem").first();
    await emoji.click({ timeout: 30_000 });
    const seen = await bob.waitForFunction(
      (id) => (globalThis as unknown as { __chips: Map<string, number> }).__chips.get(id),
      eventId,
      { timeout: 30_000, polling: "raf" },
    );
    const pressed = (await alice.evaluate(
      () => (globalThis as unknown as { __pressedAt: number }).__pressedAt,
    )) as number;
    latencies.push(((await seen.jsonValue()) as number) - pressed);
  }
  return latencies;
}

/**
 * Times `count` SDK round trips: each `send` from one client until the other client's
 * `RoomEvent.Timeline` brings an event that `arrived` recognises.
 * @param receiver - the receiving client
 * @param count - round trips, one at a time
 * @param step - for round trip `i`: prepares (untimed), then sends (timed) and recognises
 * @returns milliseconds per round trip
 */
export async function sdkRoundTrips(
  receiver: MatrixClient,
  count: number,
  step: (i: number) => Promise<{ send(): Promise<unknown>; arrived(event: MatrixEvent): boolean }>,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const { send, arrived } = await step(i);
    const received = new Promise<number>((resolve) => {
      const onTimeline = (event: MatrixEvent): void => {
        if (!arrived(event)) return;
        receiver.off(RoomEvent.Timeline, onTimeline);
        resolve(performance.now());
      };
      receiver.on(RoomEvent.Timeline, onTimeline);
    });
    const start = performance.now();
    await send();
    latencies.push((await received) - start);
  }
  return latencies;
}

/** The raw SDK reacts under each of `count` new messages; ms from send to B's sync. */
export function sdkReactionRun(
  alice: MatrixClient,
  bob: MatrixClient,
  roomId: string,
  count: number,
): Promise<number[]> {
  return sdkRoundTrips(bob, count, async (i) => {
    const { event_id: target } = await alice.sendTextMessage(roomId, `sdk-react-${i}`);
    return {
      send: () =>
        alice.sendEvent(roomId, EventType.Reaction, {
          "m.relates_to": { rel_type: RelationType.Annotation, event_id: target, key: "👍" },
        }),
      arrived: (event) =>
        event.getType() === "m.reaction" &&
        (event.getContent()["m.relates_to"] as { event_id?: string } | undefined)?.event_id ===
          target,
    };
  });
}
