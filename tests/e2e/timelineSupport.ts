/**
 * Helpers for the timeline end-to-end test: opening a chat, sending and uploading as any Matrix
 * client does, a PNG built in code (no fixture file), and optional screenshots.
 */
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import type { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { useTestEnv, type TestEnv } from "../harness/testEnv.ts";

/** Departments of the test directory (both alice and bob are members). */
const DEPARTMENTS = [
  { id: "circ", name: "Circulation", members: ["alice", "bob"] },
  { id: "ref", name: "Reference", members: ["alice", "bob"] },
] as const;

/** A running stack for a timeline spec: Synapse + appservice, the built client, Chromium. */
export type TimelineStack = {
  env: () => TestEnv<"alice" | "bob">;
  /** bob's plain Matrix client (what Element or a script would do). */
  bob: () => MatrixTestClient;
  /** Room IDs of the departments by ID (`circ`, `ref`). */
  room: (departmentId: "circ" | "ref") => string;
  /** Signs in through the login form in a fresh browser context. */
  signIn: (localpart: "alice" | "bob", width?: number) => Promise<Page>;
};

/**
 * Registers hooks that start the stack for one spec file and tear it down after.
 * @returns accessors, valid inside tests and later hooks
 */
export function useTimelineStack(): TimelineStack {
  const env = useTestEnv({ users: ["alice", "bob"], departments: DEPARTMENTS });
  let browser: Browser | undefined;
  let client: { url: string; close(): Promise<void> } | undefined;
  const contexts: BrowserContext[] = [];
  const rooms = new Map<string, string>();

  beforeAll(async () => {
    await env().appservice.sync.idle();
    const response = await fetch(`${env().appserviceUrl}/api/directory`, {
      headers: { authorization: `Bearer ${env().getUser("bob").accessToken}` },
    });
    const directory = (await response.json()) as {
      departments: { id: string; room_id: string }[];
    };
    for (const department of directory.departments) rooms.set(department.id, department.room_id);
    client = await serveTestClient(env().synapse, env().appserviceUrl);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await client?.close();
  });

  return {
    env,
    bob: () => env().getUser("bob"),
    room(departmentId) {
      const roomId = rooms.get(departmentId);
      if (!roomId) throw new Error(`department ${departmentId} has no room`);
      return roomId;
    },
    async signIn(localpart, width = 1100) {
      if (!browser || !client) throw new Error("the timeline stack is not started");
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(client.url);
      await page.getByLabel("Username").fill(localpart);
      await page.getByLabel("Password").fill(env().passwordOf(localpart));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 30_000 });
      return page;
    },
  };
}

const shotsDir = process.env.STAFFROOM_SCREENSHOTS;

/** Saves a screenshot as `timeline-<name>.png` when STAFFROOM_SCREENSHOTS names a directory. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `timeline-${name}.png`) });
}

/** Opens a chat from the Internal Chat list and waits for its timeline to load. */
export async function openChat(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: new RegExp(`^${title}(,|$)`) }).click({ timeout: 20_000 });
  await page.getByRole("heading", { level: 2, name: title }).waitFor({ timeout: 20_000 });
  await page.getByRole("region", { name: `Messages in ${title}` }).waitFor();
  await page.getByText("Loading messages…").waitFor({ state: "detached" });
}

/** The open chat's message list. */
export const messages = (page: Page) => page.getByRole("list", { name: "Messages" });

let txn = 0;
/** Sends any room event as `user`; returns its event ID. */
export async function sendEvent(
  user: MatrixTestClient,
  roomId: string,
  type: string,
  content: Record<string, unknown>,
): Promise<string> {
  const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${type}/tl${Date.now()}-${txn++}`;
  return (await user.request<{ event_id: string }>("PUT", path, content)).event_id;
}

/** Uploads bytes through the media repository as `user`; returns the mxc:// URI. */
export async function uploadMedia(
  user: MatrixTestClient,
  bytes: Buffer,
  filename: string,
  contentType: string,
): Promise<string> {
  const response = await fetch(
    `${user.homeserverUrl}/_matrix/media/v3/upload?filename=${encodeURIComponent(filename)}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": contentType },
      body: new Uint8Array(bytes),
    },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { content_uri: string }).content_uri;
}

/** A valid PNG of the given size in one flat colour. */
export function makePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0)]);
  for (let x = 0; x < width; x++) row.set([0x0f, 0x76, 0x6e], 1 + x * 3); // teal
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) on the element matching `selector` and returns the serious
 * and critical violations as `id: targets` lines (empty when clean).
 */
export async function seriousAxeViolations(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  // A string runs in the page: the tests compile without the DOM library.
  return page.evaluate<string[]>(`(async () => {
    const result = await axe.run(document.querySelector(${JSON.stringify(selector)}), {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(" | "));
  })()`);
}
