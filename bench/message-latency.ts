/**
 * Message latency benchmark. On one throwaway Synapse (tests/harness),
 * in one run:
 *   1. browser: alice types a message in the web client and presses Enter; bob's page (another
 *      Chromium context, same browser) sees it rendered in the open chat. Measured per message
 *      from alice's Enter keydown to the moment bob's DOM contains the text (both `Date.now()`
 *      on this machine), one message at a time;
 *   2. raw SDK: matrix-js-sdk in Node, alice `sendTextMessage` → bob's `/sync` delivers it
 *      (`RoomEvent.Timeline`), one message at a time, same room;
 * and prints the p50 of each and the ratio (target ≤ 1.3). Then the same for reactions:
 *   3. browser: alice picks an emoji under a message (React, then the picker) and bob's page
 *      shows the reaction chip; from alice's pointer press on the emoji to the chip in bob's DOM;
 *   4. raw SDK: alice sends the `m.reaction` → bob's `/sync` delivers it;
 * with their p50s and ratio (target ≤ 1.3).
 *
 *   node --import tsx bench/message-latency.ts [--messages 50] [--reactions 20]
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { ClientEvent, createClient, SyncState, type MatrixClient } from "matrix-js-sdk";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import type { Page } from "playwright-core";
import { ensureClientBuilt } from "../scripts/lib/clientServer.ts";
import { reactionRun, sdkReactionRun, sdkRoundTrips } from "./lib/reactionLatency.ts";
import { launchBrowser, serveTestClient } from "../tests/harness/browser.ts";
import { createTestEnv } from "../tests/harness/testEnv.ts";

const args = parseArgs({
  options: {
    messages: { type: "string", default: "50" },
    reactions: { type: "string", default: "20" },
  },
}).values;
const MESSAGES = Number(args.messages);
const REACTIONS = Number(args.reactions);
const WARMUP = 3;
const RATIO_LIMIT = 1.3;
// The SDK logs every request at debug level in Node; only problems matter here.
(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("warn");

const p50 = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

// In bob's page: remember when each "lat-…" text first appears in the DOM.
const WATCH_SCRIPT = `
  performance.setResourceTimingBufferSize(100000);
  window.__seen = new Map();
  new MutationObserver(() => {
    const text = document.body.innerText;
    for (const match of text.matchAll(/lat-[a-z0-9]+-\\d+/g))
      if (!window.__seen.has(match[0])) window.__seen.set(match[0], Date.now());
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
`;
// In alice's page: remember when Enter goes down in the composer, keyed by what it holds.
const SEND_SCRIPT = `
  performance.setResourceTimingBufferSize(100000);
  window.__sent = new Map();
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.shiftKey) return;
    const text = (event.target.textContent || "").trim();
    if (text.startsWith("lat-")) window.__sent.set(text, Date.now());
  }, true);
`;

async function openChat(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Username").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: /^Circulation/ }).click({ timeout: 30_000 });
  await page.getByRole("heading", { level: 2, name: "Circulation" }).waitFor({ timeout: 30_000 });
  await page.getByRole("status").filter({ hasText: "Online" }).waitFor({ timeout: 30_000 });
}

async function browserRun(alice: Page, bob: Page, count: number, tag: string): Promise<number[]> {
  await bob.evaluate(WATCH_SCRIPT);
  await alice.evaluate(SEND_SCRIPT);
  const editor = alice.getByRole("textbox", { name: "Message" });
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const text = `lat-${tag}-${i}`;
    await editor.fill(text);
    await editor.press("Enter");
    const seen = await bob.waitForFunction(
      (t) => (globalThis as unknown as { __seen: Map<string, number> }).__seen.get(t),
      text,
      { timeout: 30_000, polling: "raf" },
    );
    const sent: number | undefined = await alice.evaluate(
      (t) => (globalThis as unknown as { __sent: Map<string, number> }).__sent.get(t),
      text,
    );
    if (sent === undefined) throw new Error(`alice's Enter for ${text} was not recorded`);
    const seenAt = (await seen.jsonValue()) as number;
    latencies.push(seenAt - sent);
    // Where the time goes: resource timings in each page's clock, turned into epoch ms.
    const putStart = await alice.evaluate(() => {
      const sends = performance
        .getEntriesByType("resource")
        .filter((entry) => entry.name.includes("/send/m.room.message/"));
      const last = sends[sends.length - 1];
      return last ? performance.timeOrigin + last.startTime : NaN;
    });
    const syncEnd = await bob.evaluate((before) => {
      const ends = performance
        .getEntriesByType("resource")
        .filter((entry) => entry.name.includes("/sync"))
        .map(
          (entry) =>
            performance.timeOrigin + (entry as unknown as { responseEnd: number }).responseEnd,
        )
        .filter((end) => end <= before);
      return ends.length > 0 ? Math.max(...ends) : NaN;
    }, seenAt);
    phases.enterToSend.push(putStart - sent);
    phases.sendToSync.push(syncEnd - putStart);
    phases.syncToRender.push(seenAt - syncEnd);
  }
  return latencies;
}

const phases = {
  enterToSend: [] as number[],
  sendToSync: [] as number[],
  syncToRender: [] as number[],
};

async function startSdk(url: string, userId: string, accessToken: string): Promise<MatrixClient> {
  const client = createClient({ baseUrl: url, userId, accessToken });
  const ready = new Promise<void>((resolve) => {
    client.on(ClientEvent.Sync, (state) => {
      if (state === SyncState.Prepared) resolve();
    });
  });
  await client.startClient({ initialSyncLimit: 1, lazyLoadMembers: true });
  await ready;
  return client;
}

function sdkRun(
  alice: MatrixClient,
  bob: MatrixClient,
  roomId: string,
  count: number,
): Promise<number[]> {
  return sdkRoundTrips(bob, count, async (i) => {
    const text = `sdk-${i}-${Math.random().toString(36).slice(2)}`;
    return {
      send: () => alice.sendTextMessage(roomId, text),
      arrived: (event) => event.getContent()["body"] === text,
    };
  });
}

const env = await createTestEnv({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"] }],
});
const browser = await launchBrowser();
let served: { close(): Promise<void> } | undefined;
const sdkClients: MatrixClient[] = [];
try {
  await env.appservice.sync.idle();
  await ensureClientBuilt((line) => console.log(line));
  const client = await serveTestClient(env.synapse, env.appserviceUrl);
  served = client;
  const [alicePage, bobPage] = await Promise.all(
    [0, 1].map(async () => (await browser.newContext()).newPage()),
  );
  if (!alicePage || !bobPage) throw new Error("no browser pages");
  await openChat(alicePage, client.url, "alice", env.passwordOf("alice"));
  await openChat(bobPage, client.url, "bob", env.passwordOf("bob"));
  const tag = Math.random().toString(36).slice(2, 8);
  await browserRun(alicePage, bobPage, WARMUP, `${tag}w`);
  const browserMs = await browserRun(alicePage, bobPage, MESSAGES, tag);
  const circRoom = await bobPage
    .getByRole("button", { name: /^Circulation/ })
    .getAttribute("data-room-id");
  const post = (text: string) => env.getUser("bob").sendText(circRoom ?? "", text);
  await reactionRun(alicePage, bobPage, post, WARMUP, `${tag}w`);
  const reactionMs = await reactionRun(alicePage, bobPage, post, REACTIONS, tag);

  const roomId = await bobPage
    .getByRole("button", { name: /^Circulation/ })
    .getAttribute("data-room-id");
  if (!roomId) throw new Error("the Circulation row carries no room ID");
  const alice = env.getUser("alice");
  const bob = env.getUser("bob");
  const aliceSdk = await startSdk(env.synapse.url, alice.userId, alice.accessToken);
  const bobSdk = await startSdk(env.synapse.url, bob.userId, bob.accessToken);
  sdkClients.push(aliceSdk, bobSdk);
  await sdkRun(aliceSdk, bobSdk, roomId, WARMUP);
  const sdkMs = await sdkRun(aliceSdk, bobSdk, roomId, MESSAGES);
  await sdkReactionRun(aliceSdk, bobSdk, roomId, WARMUP);
  const sdkReactionMs = await sdkReactionRun(aliceSdk, bobSdk, roomId, REACTIONS);

  const browserP50 = p50(browserMs);
  const sdkP50 = p50(sdkMs);
  const ratio = browserP50 / sdkP50;
  console.log(`messages: ${MESSAGES} each (after ${WARMUP} warm-up), one at a time`);
  console.log(`browser A → rendered in browser B, p50: ${browserP50.toFixed(1)} ms`);
  console.log(
    `  of which (p50): Enter → PUT /send ${p50(phases.enterToSend.slice(WARMUP)).toFixed(1)} ms, ` +
      `PUT → bob's last response ${p50(phases.sendToSync.slice(WARMUP)).toFixed(1)} ms, ` +
      `→ rendered ${p50(phases.syncToRender.slice(WARMUP)).toFixed(1)} ms`,
  );
  console.log(`raw matrix-js-sdk send → /sync receipt, p50: ${sdkP50.toFixed(1)} ms`);
  console.log(`ratio: ${ratio.toFixed(2)}  (target ≤ ${RATIO_LIMIT})`);
  const reactionRatio = p50(reactionMs) / p50(sdkReactionMs);
  console.log(`reactions: ${REACTIONS} each (after ${WARMUP} warm-up)`);
  console.log(
    `browser A picks an emoji → chip in browser B, p50: ${p50(reactionMs).toFixed(1)} ms`,
  );
  console.log(
    `raw matrix-js-sdk m.reaction → /sync receipt, p50: ${p50(sdkReactionMs).toFixed(1)} ms`,
  );
  console.log(`reaction ratio: ${reactionRatio.toFixed(2)}  (target ≤ ${RATIO_LIMIT})`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, Synapse ${env.synapse.url}`,
  );
  const met = ratio <= RATIO_LIMIT && reactionRatio <= RATIO_LIMIT;
  console.log(met ? "✓ targets met" : "✗ a target was missed");
  process.exitCode = met ? 0 : 1;
} finally {
  for (const sdk of sdkClients) sdk.stopClient();
  await browser.close();
  await served?.close();
  await env.tearDown();
}
