/**
 * What the timeline renders from other clients' messages: allowed formatting, hostile HTML that
 * must never run (script, handlers, javascript: links, foreign images), an uploaded image shown
 * through a blob URL and a file downloaded with its exact bytes. Real Synapse, appservice,
 * built client, Chromium; bob sends with a plain Matrix client.
 * Set STAFFROOM_SCREENSHOTS=<dir> to keep screenshots of the screens it passes through.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  makePng,
  messages,
  openChat,
  screenshot,
  seriousAxeViolations,
  sendEvent,
  uploadMedia,
  useTimelineStack,
} from "./timelineSupport.ts";

const stack = useTimelineStack();
let alicePage: Page;

/** Sends any event as bob's plain client; returns its event ID. */
const send = (roomId: string, type: string, content: Record<string, unknown>) =>
  sendEvent(stack.bob(), roomId, type, content);

beforeAll(async () => {
  alicePage = await stack.signIn("alice");
  await openChat(alicePage, "Circulation");
}, 120_000);

describe("message content in the timeline", () => {
  it("renders allowed formatting and never runs scripts, handlers or javascript: links", async () => {
    const circ = stack.room("circ");
    const payloads = [
      '<b>Bold</b> <i>Italic</i> <u>Under</u> <a href="https://example.org/x">Example link</a>' +
        "<script>window.__pwned='script'</script>",
      '<img src="x" onerror="window.__pwned=\'onerror\'">Broken image',
      "<b onclick=\"window.__pwned='onclick'\">Click bold</b>",
      "<a href=\"javascript:window.__pwned='href'\">Sneaky link</a>",
      '<img src="https://127.0.0.1:9/pixel.png">Tracker',
      '<svg onload="window.__pwned=\'svg\'"></svg><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>Frames',
      "<details open ontoggle=\"window.__pwned='toggle'\"><summary>Toggle</summary>x</details>",
      '<a href="https://example.org/" style="position:fixed;inset:0">Overlay</a>',
    ];
    for (const html of payloads) {
      await send(circ, "m.room.message", {
        msgtype: "m.text",
        body: html.replace(/<[^>]*>/g, ""),
        format: "org.matrix.custom.html",
        formatted_body: html,
      });
    }
    const list = messages(alicePage);
    await list.getByText("Overlay").waitFor({ timeout: 20_000 });
    await list.getByText("Click bold").click();
    await list.getByText("Sneaky link").click();
    await list.getByText("Toggle").click();

    expect(
      await list
        .locator("b")
        .filter({ hasText: /^Bold$/ })
        .count(),
    ).toBe(1);
    expect(
      await list
        .locator("i")
        .filter({ hasText: /^Italic$/ })
        .count(),
    ).toBe(1);
    expect(
      await list
        .locator("u")
        .filter({ hasText: /^Under$/ })
        .count(),
    ).toBe(1);
    const link = list.locator("a", { hasText: "Example link" });
    expect(await link.getAttribute("href")).toBe("https://example.org/x");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await list.locator("a", { hasText: "Sneaky link" }).getAttribute("href")).toBeNull();
    expect(await list.locator("a", { hasText: "Overlay" }).getAttribute("style")).toBeNull();

    // Runs in the page (as a string: this tsconfig has no DOM types).
    const dom = await alicePage.evaluate<Record<string, unknown>>(`(() => {
      const inTimeline = (selector) => [...document.querySelectorAll("ol[aria-label=Messages] " + selector)];
      return {
        pwned: window.__pwned,
        scripts: [...document.querySelectorAll("script")].filter((s) => s.textContent.includes("__pwned")).length,
        timelineScripts: inTimeline("script").length,
        frames: inTimeline("iframe, svg[onload]").length,
        handlers: inTimeline("*").filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
        foreignImages: inTimeline("img").filter((img) => img.getAttribute("src") !== null && !img.src.startsWith("blob:")).length,
      };
    })()`);
    expect(dom).toEqual({
      pwned: undefined,
      scripts: 0,
      timelineScripts: 0,
      frames: 0,
      handlers: 0,
      foreignImages: 0,
    });
    await screenshot(alicePage, "formatting");
  });

  it("shows an uploaded image through a blob URL and downloads a file with the same bytes", async () => {
    const circ = stack.room("circ");
    const png = makePng(24, 16);
    const imageMxc = await uploadMedia(stack.bob(), png, "teal.png", "image/png");
    await send(circ, "m.room.message", {
      msgtype: "m.image",
      body: "teal.png",
      url: imageMxc,
      info: { mimetype: "image/png", size: png.length, w: 24, h: 16 },
    });
    const image = messages(alicePage).getByRole("img", { name: "teal.png" });
    await image.waitFor({ timeout: 20_000 });
    await alicePage.waitForFunction(
      `(() => {
        const img = document.querySelector('ol[aria-label=Messages] img[alt="teal.png"]');
        return img !== null && img.complete && img.naturalWidth > 0;
      })()`,
      undefined,
      { timeout: 20_000 },
    );
    expect(await image.getAttribute("src")).toMatch(/^blob:/);

    const bytes = Buffer.from("Opening hours over the holidays\n".repeat(40));
    const fileMxc = await uploadMedia(stack.bob(), bytes, "hours.txt", "text/plain");
    await send(circ, "m.room.message", {
      msgtype: "m.file",
      body: "hours.txt",
      url: fileMxc,
      info: { mimetype: "text/plain", size: bytes.length },
    });
    const button = messages(alicePage).getByRole("button", {
      name: /^Download hours\.txt 1\.3 KB$/,
    });
    await button.waitFor({ timeout: 20_000 });
    const [download] = await Promise.all([alicePage.waitForEvent("download"), button.click()]);
    expect(download.suggestedFilename()).toBe("hours.txt");
    const saved = readFileSync((await download.path())!);
    const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    expect(sha(saved)).toBe(sha(bytes));
    await screenshot(alicePage, "media");
  });

  it("passes axe-core (WCAG 2.1 AA, no serious or critical issues) with all of that on screen", async () => {
    await messages(alicePage).getByRole("img", { name: "teal.png" }).waitFor();
    expect(await seriousAxeViolations(alicePage, 'section[aria-label="Circulation"]')).toEqual([]);
  });
});
