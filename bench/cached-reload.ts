/**
 * Cached reload benchmark (informational). On a throwaway Synapse, alice
 * is in 50 department rooms holding 200 messages each (sent by bob, so alice has unread badges).
 * She signs in once in Chromium and lets the client sync and fill its caches (the IndexedDB
 * store and the chat list snapshot); then the page is reloaded several times and each reload is
 * timed from navigation start to
 *   - the chat list visible (the first department row, painted from the cache),
 *   - the live list (rows as buttons, once matrix-js-sdk has loaded and the session started),
 *   - "Online" (the first /sync after the reload answered).
 *
 *   node --import tsx bench/cached-reload.ts [--rooms 50] [--messages 200] [--reloads 5]
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { ensureClientBuilt } from "../scripts/lib/clientServer.ts";
import { launchBrowser, serveTestClient } from "../tests/harness/browser.ts";
import { createTestEnv } from "../tests/harness/testEnv.ts";

const args = parseArgs({
  options: {
    rooms: { type: "string", default: "50" },
    messages: { type: "string", default: "200" },
    reloads: { type: "string", default: "5" },
  },
}).values;
const ROOMS = Number(args.rooms);
const MESSAGES = Number(args.messages);
const RELOADS = Number(args.reloads);
const SEND_CONCURRENCY = 8;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

// Records, in the page's clock (ms since navigation start), when each milestone first shows.
const MARKS_SCRIPT = `
  window.__marks = {};
  const mark = (name, found) => { if (!window.__marks[name] && found) window.__marks[name] = performance.now(); };
  new MutationObserver(() => {
    const list = document.querySelector('[aria-labelledby="internal-chat-heading"]');
    mark("list", list && /Department 01/.test(list.textContent || ""));
    mark("live", document.querySelector('button[data-room-id]'));
    mark("online", [...document.querySelectorAll('[role="status"]')].some((s) => s.textContent === "Online"));
  }).observe(document, { childList: true, subtree: true, characterData: true });
`;

const pad = (n: number): string => String(n).padStart(2, "0");
const departments = Array.from({ length: ROOMS }, (_, i) => ({
  id: `d${pad(i + 1)}`,
  name: `Department ${pad(i + 1)}`,
  members: ["alice", "bob"] as const,
}));

const setupStart = performance.now();
const env = await createTestEnv({ users: ["alice", "bob"], departments });
const browser = await launchBrowser();
let served: { close(): Promise<void> } | undefined;
try {
  await env.appservice.sync.idle();
  const bob = env.getUser("bob");
  // The department rooms, as the directory API lists them for alice.
  const response = await fetch(`${env.appserviceUrl}/api/directory`, {
    headers: { authorization: `Bearer ${env.getUser("alice").accessToken}` },
  });
  const directory = (await response.json()) as { departments: { room_id: string | null }[] };
  const rooms = directory.departments.flatMap((d) => (d.room_id ? [d.room_id] : []));
  const jobs = rooms.flatMap((roomId) =>
    Array.from({ length: MESSAGES }, (_, i) => () => bob.sendText(roomId, `message ${i + 1}`)),
  );
  let next = 0;
  await Promise.all(
    Array.from({ length: SEND_CONCURRENCY }, async () => {
      while (next < jobs.length) await jobs[next++]?.();
    }),
  );
  console.log(
    `setup: ${rooms.length} department rooms, ${jobs.length} messages sent in ${((performance.now() - setupStart) / 1000).toFixed(0)} s`,
  );

  await ensureClientBuilt((line) => console.log(line));
  const client = await serveTestClient(env.synapse, env.appserviceUrl);
  served = client;
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript(MARKS_SCRIPT);
  await page.goto(client.url);
  await page.getByLabel("Username").fill("alice");
  await page.getByLabel("Password").fill(env.passwordOf("alice"));
  const signInAt = performance.now();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: /^Department 01/ }).waitFor({ timeout: 120_000 });
  await page.getByRole("status").filter({ hasText: "Online" }).waitFor({ timeout: 120_000 });
  console.log(`first sign-in to a live list: ${(performance.now() - signInAt).toFixed(0)} ms`);
  // The SDK writes its IndexedDB copy after the first sync; give it a moment to finish.
  await page.waitForTimeout(3000);

  const runs: { list: number; live: number; online: number }[] = [];
  for (let i = 0; i < RELOADS; i += 1) {
    await page.reload();
    await page.getByRole("status").filter({ hasText: "Online" }).waitFor({ timeout: 120_000 });
    const marks = await page.evaluate(
      () => (globalThis as unknown as { __marks: Record<string, number> }).__marks,
    );
    runs.push({ list: marks.list ?? NaN, live: marks.live ?? NaN, online: marks.online ?? NaN });
  }
  console.log(`reloads: ${RELOADS} (ms since navigation start, each run)`);
  for (const run of runs) {
    console.log(
      `  list ${run.list.toFixed(0)}  live ${run.live.toFixed(0)}  online ${run.online.toFixed(0)}`,
    );
  }
  console.log(
    `median chat list visible (from cache): ${median(runs.map((r) => r.list)).toFixed(0)} ms`,
  );
  console.log(
    `median live list (SDK loaded, session started): ${median(runs.map((r) => r.live)).toFixed(0)} ms`,
  );
  console.log(
    `median "Online" (first /sync answered): ${median(runs.map((r) => r.online)).toFixed(0)} ms`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`,
  );
} finally {
  await browser.close();
  await served?.close();
  await env.tearDown();
}
