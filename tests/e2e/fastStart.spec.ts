/**
 * Fast start: the login form paints without matrix-js-sdk, a reload paints the chat list from the
 * local cache before the SDK (or /sync) has arrived, and the crypto code never loads.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paths } from "../../scripts/lib/paths.ts";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const env = useTestEnv({
  users: ["alice", "bob"],
  departments: [
    { id: "circ", name: "Circulation", members: ["alice", "bob"] },
    { id: "ref", name: "Reference Desk", members: ["alice"] },
  ],
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };

/** The built client's chunk graph, read from client/dist (built by the e2e global setup). */
type Chunks = { entry: string; initial: Set<string>; sdk: Set<string>; crypto: Set<string> };
let chunks: Chunks;

const assetsDir = join(paths.clientDist, "assets");
const STATIC_IMPORT = /(?:from|import)\s*"\.\/([^"]+\.js)"/g;

function staticClosure(start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(assetsDir, file), "utf8");
    for (const match of code.matchAll(STATIC_IMPORT)) visit(match[1] as string);
  };
  visit(start);
  return seen;
}

function readChunks(): Chunks {
  const html = readFileSync(join(paths.clientDist, "index.html"), "utf8");
  const entry = /<script type="module"[^>]*src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error("no module entry in client/dist/index.html");
  const files = readdirSync(assetsDir).filter((f) => f.endsWith(".js"));
  const matrixModule = files.find((f) => f.startsWith("matrixModule-"));
  if (!matrixModule) throw new Error("no matrixModule-*.js chunk: is the SDK still split off?");
  const initial = staticClosure(entry);
  const sdk = new Set([...staticClosure(matrixModule)].filter((f) => !initial.has(f)));
  const crypto = new Set(
    files.filter((f) =>
      readFileSync(join(assetsDir, f), "utf8").includes("matrix_sdk_crypto_wasm"),
    ),
  );
  return { entry, initial, sdk, crypto };
}

const fileOf = (url: string): string => new URL(url).pathname.split("/").pop() ?? "";

beforeAll(async () => {
  chunks = readChunks();
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await client?.close();
});

// Records, in the page's own clock, when the login form (or a chat list row) is first in the DOM.
const MARK_SCRIPT = `
  new MutationObserver((_, observer) => {
    if (!window.__formAt && document.querySelector('input[name="username"]'))
      window.__formAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
`;

async function signIn(page: Page, username: "alice" | "bob"): Promise<void> {
  await page.goto(client.url);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(env().passwordOf(username));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 20_000 });
}

describe("fast start", () => {
  it("keeps matrix-js-sdk out of the initial HTML and loads it only after the form painted", async () => {
    expect(chunks.sdk.size).toBeGreaterThan(0);
    const html = readFileSync(join(paths.clientDist, "index.html"), "utf8");
    for (const file of chunks.sdk) expect(html).not.toContain(file);
    for (const file of chunks.initial) expect(chunks.sdk.has(file)).toBe(false);
    // The budget for the first screen: ≤ 20 KB gzip of JavaScript.
    const firstScreenGzip = [...chunks.initial].reduce(
      (sum, file) => sum + gzipSync(readFileSync(join(assetsDir, file)), { level: 9 }).length,
      0,
    );
    expect(firstScreenGzip).toBeLessThanOrEqual(20 * 1024);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(MARK_SCRIPT);
    const requested: string[] = [];
    page.on("request", (request) => requested.push(fileOf(request.url())));
    await page.goto(client.url);
    await page.getByLabel("Username").waitFor();
    // The background download starts right after the first paint; wait for it to finish.
    await page.waitForFunction(
      (files) =>
        files.every((file) =>
          performance
            .getEntriesByType("resource")
            .some((entry) => entry.name.endsWith(`/assets/${file}`)),
        ),
      [...chunks.sdk],
      { timeout: 20_000 },
    );
    const timing = await page.evaluate(
      (files) => {
        const resources = performance.getEntriesByType("resource");
        const paint = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
        return {
          formAt: (globalThis as unknown as { __formAt?: number }).__formAt ?? null,
          paint,
          sdkStarts: files.map(
            (file) => resources.find((r) => r.name.endsWith(`/assets/${file}`))?.startTime ?? -1,
          ),
        };
      },
      [...chunks.sdk],
    );
    expect(timing.formAt).not.toBeNull();
    for (const start of timing.sdkStarts) {
      expect(start).toBeGreaterThanOrEqual(timing.formAt ?? Infinity);
      if (timing.paint !== null) expect(start).toBeGreaterThanOrEqual(timing.paint);
    }
    // Pressing "Sign in" must not need more than what was fetched in the background.
    expect(requested.filter((file) => chunks.crypto.has(file) || file.endsWith(".wasm"))).toEqual(
      [],
    );
    await context.close();
  });

  it("shows the login form even when the SDK chunks cannot load at all", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route("**/assets/*.js", (route) =>
      chunks.sdk.has(fileOf(route.request().url())) ? route.abort() : route.continue(),
    );
    await page.goto(client.url);
    await page.getByLabel("Username").waitFor({ timeout: 10_000 });
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await context.close();
  });

  it("after sign-in, a reload paints the chat list from the cache before the SDK and /sync arrive", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await signIn(page, "alice");
    await page.getByText("Circulation").first().waitFor({ timeout: 20_000 });
    await page.getByText("Reference Desk").first().waitFor();

    // Hold the SDK chunks and /sync until the cached list has been seen.
    const held: Route[] = [];
    let holding = true;
    await page.route("**/assets/*.js", (route) => {
      if (holding && chunks.sdk.has(fileOf(route.request().url()))) held.push(route);
      else void route.continue();
    });
    await page.route("**/_matrix/client/*/sync**", (route) => {
      if (holding) held.push(route);
      else void route.continue();
    });
    await page.reload();
    await page.getByText("Circulation").first().waitFor({ timeout: 5_000 });
    await page.getByText("Reference Desk").first().waitFor();
    await page.getByRole("status").filter({ hasText: "Connecting…" }).waitFor();
    // The SDK download starts after that paint, and is still held: the list came from the cache.
    await expect
      .poll(() => held.some((route) => chunks.sdk.has(fileOf(route.request().url()))))
      .toBe(true);
    await page.getByText("Circulation").first().waitFor();
    await page.screenshot({ path: "/tmp/fastStart-cached.png" });

    holding = false;
    for (const route of held.splice(0)) await route.continue();
    await page.getByRole("status").filter({ hasText: "Online" }).waitFor({ timeout: 20_000 });
    await page.getByText("Circulation").first().waitFor();

    expect(requested.filter((url) => /rust-crypto|\.wasm/.test(fileOf(url)))).toEqual([]);
    for (const file of chunks.crypto)
      expect(requested.some((url) => url.endsWith(file))).toBe(false);
    await context.close();
  });

  it("signing out forgets the cached list and the local message store", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "bob");
    await page.getByText("Circulation").first().waitFor({ timeout: 20_000 });
    const bobId = env().getUser("bob").userId;
    await page.waitForFunction(
      (userId) => localStorage.getItem(`staffroom.chatList.${userId}`) !== null,
      bobId,
      { timeout: 20_000 },
    );
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Username").waitFor({ timeout: 20_000 });
    const left = await page.evaluate(async (userId) => {
      // The page's IndexedDB (tests compile without the DOM library).
      const idb = (
        globalThis as unknown as { indexedDB: { databases(): Promise<{ name?: string }[]> } }
      ).indexedDB;
      const databases = await idb.databases();
      return {
        snapshot: localStorage.getItem(`staffroom.chatList.${userId}`),
        stores: databases.map((d) => d.name).filter((name) => name?.includes(userId)),
      };
    }, bobId);
    expect(left.snapshot).toBeNull();
    expect(left.stores).toEqual([]);
    await context.close();
  });

  it("signs out from the cached shell before the session has started, and ends it on the server", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "bob");
    await page.getByText("Circulation").first().waitFor({ timeout: 20_000 });
    const token = await page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem("staffroom.session") ?? "{}") as { accessToken?: string })
          .accessToken,
    );
    const held: Route[] = [];
    let holding = true;
    await page.route("**/_matrix/client/*/account/whoami", (route) => {
      if (holding) held.push(route);
      else void route.continue();
    });
    await page.reload();
    await page.getByText("Circulation").first().waitFor({ timeout: 5_000 });
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Username").waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => localStorage.getItem("staffroom.session"))).toBeNull();

    // The start that was under way finishes, and the late sign-out reaches the server.
    holding = false;
    for (const route of held.splice(0)) await route.continue();
    const whoami = () =>
      fetch(`${env().synapse.url}/_matrix/client/v3/account/whoami`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((response) => response.status);
    await expect.poll(whoami, { timeout: 20_000 }).toBe(401);
    await context.close();
  });
});
