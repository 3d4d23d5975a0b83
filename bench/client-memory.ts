/**
 * Web client memory benchmark. On one throwaway Synapse (tests/harness) alice is in `--rooms`
 * departments of `--messages` messages each (every 10th a reply, every 5th reacted to). In
 * Chromium she signs in, opens the first chat and scrolls it to its start; the page's JS heap
 * after a forced garbage collection (CDP `HeapProfiler.collectGarbage`, `Runtime.getHeapUsage`)
 * is the baseline. Then she opens every other chat once and scrolls each to its start, and the
 * heap is measured the same way. Prints both and their ratio; goals: ≤ 60 MB after all rooms,
 * and ≤ 3 × the baseline (no per-room leak). Writes its section of docs/benchmarks.md unless
 * `--no-write`.
 *
 *   node --import tsx bench/client-memory.ts [--rooms 50] [--messages 200] [--no-write]
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import type { CDPSession, Page } from "playwright-core";
import { ensureClientBuilt } from "../scripts/lib/clientServer.ts";
import { launchBrowser, serveTestClient } from "../tests/harness/browser.ts";
import { signInThroughForm } from "../tests/harness/browserClient.ts";
import { createTestEnv } from "../tests/harness/testEnv.ts";
import { waitFor } from "../tests/harness/waitFor.ts";
import { writeBenchmarkSection } from "./lib/benchmarksDoc.ts";
import { seedHistory } from "./lib/seedHistory.ts";

const args = parseArgs({
  options: {
    rooms: { type: "string", default: "50" },
    messages: { type: "string", default: "200" },
    "no-write": { type: "boolean", default: false },
  },
}).values;
const ROOMS = Number(args.rooms);
const MESSAGES = Number(args.messages);
const HEAP_LIMIT_MB = 60;
const RATIO_LIMIT = 3;
const say = (line: string) => process.stdout.write(`${line}\n`);
const deskName = (i: number) => `Desk ${String(i + 1).padStart(2, "0")}`;

/** The page's live JS heap in MiB after two forced collections. */
async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  return usedSize / 2 ** 20;
}

/** Opens the chat and loads its history page by page until its first message is there. */
async function visitToStart(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: new RegExp(`^${name}`) }).click();
  await page.getByRole("heading", { level: 2, name }).waitFor({ timeout: 30_000 });
  const start = page.getByText("This is the beginning of the chat.");
  const more = page.getByRole("button", { name: "Load more history..." });
  await waitFor(
    `${name} scrolled to its start`,
    async () => {
      if ((await start.count()) > 0) return true;
      if ((await more.count()) > 0 && (await more.isEnabled())) await more.click();
      return undefined;
    },
    { timeoutMs: 120_000 },
  );
}

const env = await createTestEnv({
  users: ["alice", "bob", "carol"],
  departments: Array.from({ length: ROOMS }, (_, i) => ({
    id: `d${i}`,
    name: deskName(i),
    members: ["alice", "bob", "carol"] as const,
  })),
});
const browser = await launchBrowser();
let served: { close(): Promise<void> } | undefined;
try {
  say(`provisioning ${ROOMS} departments…`);
  await env.appservice.sync.idle();
  const response = await fetch(`${env.appserviceUrl}/api/directory`, {
    headers: { authorization: `Bearer ${env.getUser("bob").accessToken}` },
  });
  const directory = (await response.json()) as { departments: { id: string; room_id: string }[] };
  const roomOf = new Map(directory.departments.map((d) => [d.id, d.room_id]));
  const rooms = Array.from({ length: ROOMS }, (_, i) => roomOf.get(`d${i}`) ?? "");
  if (rooms.some((id) => id === "")) throw new Error("a department has no room");
  say(`seeding ${ROOMS} × ${MESSAGES} messages…`);
  const seeded = await seedHistory({
    rooms,
    perRoom: MESSAGES,
    senders: [env.getUser("bob"), env.getUser("carol"), env.getUser("alice")],
    body: (room, i) => `${deskName(room)} note ${i}: shelving, returns and the rota for today`,
    replyEvery: 10,
    reactEvery: 5,
    say,
  });
  await ensureClientBuilt(say);
  const client = await serveTestClient(env.synapse, env.appserviceUrl);
  served = client;
  const page = await (
    await browser.newContext({ viewport: { width: 1100, height: 800 } })
  ).newPage();
  const cdp = await page.context().newCDPSession(page);
  await signInThroughForm(page, client.url, "alice", env.passwordOf("alice"));
  await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 60_000 });

  const visitStarted = Date.now();
  await visitToStart(page, deskName(0));
  const first = await heapMb(cdp);
  say(`heap after the first room: ${first.toFixed(1)} MiB`);
  for (let i = 1; i < ROOMS; i++) {
    await visitToStart(page, deskName(i));
    if (i % 10 === 9) say(`  visited ${i + 1} of ${ROOMS} rooms`);
  }
  const all = await heapMb(cdp);
  const visitS = (Date.now() - visitStarted) / 1000;
  const ratio = all / first;
  const met = all <= HEAP_LIMIT_MB && ratio <= RATIO_LIMIT;
  const text = [
    "## Web client: memory",
    "",
    "`node --import tsx bench/client-memory.ts" +
      (ROOMS === 50 && MESSAGES === 200 ? "" : ` --rooms ${ROOMS} --messages ${MESSAGES}`) +
      "`: alice in " +
      `${ROOMS} departments of ${MESSAGES} messages each (every 10th a reply, every 5th ` +
      "reacted to), Chromium; JS heap after a forced GC (CDP).",
    "",
    "| | JS heap |",
    "|---|---|",
    `| after opening the first room and scrolling it to its start | ${first.toFixed(1)} MiB |`,
    `| after opening all ${ROOMS} rooms, each scrolled to its start | ${all.toFixed(1)} MiB |`,
    `| ratio | ${ratio.toFixed(2)} (goal ≤ ${RATIO_LIMIT}) |`,
    "",
    `Goal ≤ ${HEAP_LIMIT_MB} MiB after all rooms: ${all <= HEAP_LIMIT_MB ? "met" : "missed"}. ` +
      `Seeding: ${seeded.events.toLocaleString("en")} events in ${(seeded.ms / 1000).toFixed(0)} s; ` +
      `visiting all rooms: ${visitS.toFixed(0)} s. Machine: ${cpus().length} × ` +
      `${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}.`,
  ].join("\n");
  say(text);
  say(met ? "✓ targets met" : "✗ a target was missed");
  if (!args["no-write"]) {
    await writeBenchmarkSection("Web client: memory", text);
    say("wrote docs/benchmarks.md (Web client: memory section)");
  }
  process.exitCode = met ? 0 : 1;
} finally {
  await browser.close();
  await served?.close();
  await env.tearDown();
}
