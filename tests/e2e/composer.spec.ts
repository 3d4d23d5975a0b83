/**
 * The composer against the whole stack, alice and bob in two browser contexts sharing a
 * department: formatting round trip (Ctrl+B/I/U → `formatted_body` with a plain `body`, rendered
 * as <b>/<i>/<u> for bob), Enter / Shift+Enter, Retry of a refused send, emoji from the picker,
 * an upload with progress
 * that bob downloads byte for byte, Cancel, and the size limit checked before uploading.
 * Set STAFFROOM_SCREENSHOTS=<dir> to keep screenshots.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient, throttleUploads } from "../harness/browser.ts";
import type { RoomEvent } from "../harness/matrixTestClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

const env = useTestEnv({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"] }],
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };
const contexts: BrowserContext[] = [];
let alicePage: Page;
let bobPage: Page;
let circRoomId: string;
const files = mkdtempSync(join(tmpdir(), "staffroom-composer-"));

const shotsDir = process.env.STAFFROOM_SCREENSHOTS;
async function screenshot(page: Page, name: string): Promise<void> {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

async function signInAndOpen(localpart: "alice" | "bob", width: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height: 800 },
    acceptDownloads: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  if (process.env.STAFFROOM_E2E_CONSOLE)
    page.on("console", (m) => console.log(localpart, m.text()));
  await page.goto(client.url);
  await page.getByLabel("Username").fill(localpart);
  await page.getByLabel("Password").fill(env().passwordOf(localpart));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });
  await editor(page).waitFor({ timeout: 20_000 });
  return page;
}

const editor = (page: Page) => page.getByRole("textbox", { name: "Message" });

/** The latest m.room.message in the department whose body satisfies `match`, read raw. */
function rawMessage(match: (event: RoomEvent) => boolean): Promise<RoomEvent> {
  return env()
    .getUser("bob")
    .waitForRoomEvent({
      roomId: circRoomId,
      eventType: "m.room.message",
      sender: env().getUser("alice").userId,
      match,
      timeoutMs: 20_000,
    });
}

beforeAll(async () => {
  await env().appservice.sync.idle();
  const response = await fetch(`${env().appserviceUrl}/api/directory`, {
    headers: { authorization: `Bearer ${env().getUser("alice").accessToken}` },
  });
  const directory = (await response.json()) as { departments: { id: string; room_id: string }[] };
  circRoomId = directory.departments.find((d) => d.id === "circ")!.room_id;
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser();
  [alicePage, bobPage] = await Promise.all([
    signInAndOpen("alice", 1100),
    signInAndOpen("bob", 420),
  ]);
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await client?.close();
  rmSync(files, { recursive: true, force: true });
});

describe("the composer", () => {
  it("sends bold, italic and underline with Ctrl+B/I/U; bob sees them rendered", async () => {
    const box = editor(alicePage);
    await box.click();
    await alicePage.keyboard.press("Control+b");
    expect(await alicePage.getByRole("button", { name: "Bold" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await alicePage.keyboard.type("strong");
    await alicePage.keyboard.press("Control+b");
    await alicePage.keyboard.type(" and ");
    await alicePage.keyboard.press("Control+i");
    await alicePage.keyboard.type("leaning");
    await alicePage.keyboard.press("Control+i");
    await alicePage.keyboard.type(" and ");
    await alicePage.keyboard.press("Control+u");
    await alicePage.keyboard.type("lined");
    await alicePage.keyboard.press("Control+u");
    await screenshot(alicePage, "composer-formatting");
    await alicePage.keyboard.press("Enter");

    const event = await rawMessage((e) => e.content["body"] === "strong and leaning and lined");
    expect(event.content["format"]).toBe("org.matrix.custom.html");
    expect(event.content["formatted_body"]).toBe(
      "<b>strong</b> and <i>leaning</i> and <u>lined</u>",
    );
    expect(await box.textContent()).toBe("");

    await bobPage.locator("b", { hasText: "strong" }).waitFor({ timeout: 20_000 });
    await bobPage.locator("i", { hasText: "leaning" }).waitFor();
    await bobPage.locator("u", { hasText: "lined" }).waitFor();
    // bob's window is phone-sized: the toolbar wraps and the composer stays usable.
    await screenshot(bobPage, "composer-bob-sees-formatting");
  });

  it("sends plain text without formatted_body; Shift+Enter makes a new line, Enter sends", async () => {
    await editor(alicePage).click();
    await alicePage.keyboard.type("first line");
    await alicePage.keyboard.press("Shift+Enter");
    await alicePage.keyboard.type("second line");
    // Shift+Enter did not send: the editor still holds both lines.
    expect(await editor(alicePage).innerText()).toContain("first line\nsecond line");
    await alicePage.keyboard.press("Enter");
    const event = await rawMessage((e) => String(e.content["body"]).startsWith("first line"));
    expect(event.content["body"]).toBe("first line\nsecond line");
    expect(event.content["formatted_body"]).toBeUndefined();
    expect(event.content["format"]).toBeUndefined();
    // .first(): the timeline's live region repeats the newest message for screen readers.
    await bobPage.getByText("second line").first().waitFor({ timeout: 20_000 });
  });

  it("keeps a refused message with Retry, and sends the same message once on retry", async () => {
    // The server refuses the first attempt (as a permissions change would); nothing is retried
    // behind the person's back.
    const pattern = "**/send/m.room.message/**";
    await alicePage.route(pattern, (route) =>
      route.fulfill({
        status: 403,
        contentType: "application/json",
        body: JSON.stringify({ errcode: "M_FORBIDDEN", error: "not now" }),
      }),
    );
    await editor(alicePage).click();
    await alicePage.keyboard.type("try again later");
    await alicePage.keyboard.press("Enter");
    const alert = alicePage.getByRole("alert").filter({ hasText: "Your message was not sent." });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain("You don't have permission to do that.");
    await screenshot(alicePage, "composer-send-refused");

    await alicePage.unroute(pattern);
    await alert.getByRole("button", { name: "Retry" }).click();
    await alert.waitFor({ state: "detached", timeout: 20_000 });
    await rawMessage((e) => e.content["body"] === "try again later");
    const { chunk } = await env()
      .getUser("bob")
      .request<{ chunk: RoomEvent[] }>(
        "GET",
        `/_matrix/client/v3/rooms/${encodeURIComponent(circRoomId)}/messages?dir=b&limit=10`,
      );
    expect(chunk.filter((e) => e.content["body"] === "try again later")).toHaveLength(1);
  });

  it("inserts an emoji from the picker at the caret", async () => {
    await editor(alicePage).click();
    await alicePage.keyboard.type("thanks ");
    await alicePage.getByRole("button", { name: "Insert emoji" }).click();
    const popover = alicePage.getByRole("dialog", { name: "Emoji picker" });
    const first = popover.getByRole("menuitem").first();
    await first.waitFor({ timeout: 20_000 });
    await screenshot(alicePage, "composer-emoji-picker");
    const emoji = (await first.evaluate((el) => el.textContent ?? "")).trim();
    expect(emoji.length).toBeGreaterThan(0);
    await first.click();
    // The picker looks the emoji up asynchronously before it reports the click.
    await waitFor("the emoji in alice's editor", async () =>
      (await editor(alicePage).textContent())?.includes(emoji) ? true : undefined,
    );
    await alicePage.keyboard.press("Escape");
    await popover.waitFor({ state: "detached" });
    await editor(alicePage).press("End");
    await alicePage.keyboard.type(" all");
    await alicePage.keyboard.press("Enter");
    const event = await rawMessage((e) => String(e.content["body"]).startsWith("thanks "));
    expect(event.content["body"]).toBe(`thanks ${emoji} all`);
    await bobPage.getByText(`thanks ${emoji} all`).first().waitFor({ timeout: 20_000 });
  });

  it("uploads a file with a progress bar; bob downloads the same bytes", async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    const path = join(files, "minutes.bin");
    writeFileSync(path, bytes);
    const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

    // Slow the upload down so the progress bar is there to be seen.
    const unthrottle = await throttleUploads(alicePage, 1024 * 1024);
    const chooser = alicePage.waitForEvent("filechooser");
    await alicePage.getByRole("button", { name: "Attach a file" }).click();
    await (await chooser).setFiles(path);
    const bar = alicePage.getByRole("progressbar", { name: "Uploading minutes.bin" });
    await bar.waitFor({ timeout: 10_000 });
    await waitFor("upload progress above 0%", async () =>
      Number(await bar.getAttribute("aria-valuenow")) > 0 ? true : undefined,
    );
    await screenshot(alicePage, "composer-upload-progress");
    await bar.waitFor({ state: "detached", timeout: 30_000 });
    await unthrottle();

    const event = await rawMessage((e) => e.content["body"] === "minutes.bin");
    expect(event.content["msgtype"]).toBe("m.file");
    expect(String(event.content["url"])).toMatch(/^mxc:\/\//);
    expect(event.content["info"]).toMatchObject({ size: bytes.length });

    await bobPage
      .getByRole("button", { name: /^Download minutes\.bin/ })
      .waitFor({ timeout: 20_000 });
    await screenshot(bobPage, "composer-bob-file");
    const download = bobPage.waitForEvent("download", { timeout: 20_000 });
    await bobPage.getByRole("button", { name: /^Download minutes\.bin/ }).click();
    const saved = await (await download).path();
    expect(sha(readFileSync(saved))).toBe(sha(bytes));
  });

  it("cancels an upload: nothing is posted and no error shows", async () => {
    const path = join(files, "cancelled.bin");
    writeFileSync(path, randomBytes(4 * 1024 * 1024));
    const unthrottle = await throttleUploads(alicePage, 256 * 1024);
    const chooser = alicePage.waitForEvent("filechooser");
    await alicePage.getByRole("button", { name: "Attach a file" }).click();
    await (await chooser).setFiles(path);
    const bar = alicePage.getByRole("progressbar", { name: "Uploading cancelled.bin" });
    await bar.waitFor({ timeout: 10_000 });
    await alicePage.getByRole("button", { name: "Cancel" }).click();
    await bar.waitFor({ state: "detached" });
    await unthrottle();
    expect(await alicePage.getByRole("alert").filter({ hasText: "cancelled.bin" }).count()).toBe(0);

    // A message sent after the cancel arrives; no file event came before it.
    await editor(alicePage).click();
    await alicePage.keyboard.type("after the cancel");
    await alicePage.keyboard.press("Enter");
    await rawMessage((e) => e.content["body"] === "after the cancel");
    const { chunk } = await env()
      .getUser("bob")
      .request<{ chunk: RoomEvent[] }>(
        "GET",
        `/_matrix/client/v3/rooms/${encodeURIComponent(circRoomId)}/messages?dir=b&limit=20`,
      );
    expect(chunk.some((e) => e.content["body"] === "cancelled.bin")).toBe(false);
  });

  it("refuses a file over the server's limit with a readable error, before uploading", async () => {
    const path = join(files, "archive.bin");
    writeFileSync(path, "");
    // Sparse: 50 MiB + 1 byte on paper, nothing on disk. The test Synapse's max_upload_size is 50M.
    truncateSync(path, 50 * 1024 * 1024 + 1);
    const uploads: string[] = [];
    alicePage.on("request", (request) => {
      if (request.url().includes("/upload")) uploads.push(request.url());
    });
    const chooser = alicePage.waitForEvent("filechooser");
    await alicePage.getByRole("button", { name: "Attach a file" }).click();
    await (await chooser).setFiles(path);
    const alert = alicePage.getByRole("alert").filter({ hasText: "archive.bin" });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain(
      "archive.bin is 52,428,801 bytes; the limit is 50 MB.",
    );
    await screenshot(alicePage, "composer-too-large");
    expect(uploads).toEqual([]);
    await alert.getByRole("button", { name: "Dismiss" }).click();
    await alert.waitFor({ state: "detached" });
  });
});
