/**
 * The usual e2e set-up in one call: after the file's test environment is up (and the
 * appservice's first sync pass done), the built web client is served against it and one
 * headless Chromium is launched; both are closed after the file.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser, serveTestClient } from "./browser.ts";
import type { TestEnv } from "./testEnv.ts";

/** What {@link useBrowserClient} gives a test file. */
export type BrowserClient = {
  browser: Browser;
  /** The web client's URL. */
  url: string;
};

/**
 * Registers the hooks; call it after `useTestEnv` (hooks run in registration order).
 * @param env - the file's test environment
 * @param options.media - fake media devices and loopback WebRTC (calls)
 * @param options.before - more set-up once the environment is up, before the browser starts
 * @returns an accessor for the browser and client URL, valid inside tests
 */
export function useBrowserClient<U extends string>(
  env: () => TestEnv<U>,
  options: { media?: boolean; before?: () => Promise<void> } = {},
): () => BrowserClient {
  let browser: Browser | undefined;
  let client: { url: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    await env().appservice.sync.idle();
    await options.before?.();
    client = await serveTestClient(env().synapse, env().appserviceUrl);
    browser = await launchBrowser({ media: options.media });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await client?.close();
  });
  return () => {
    if (browser === undefined || client === undefined)
      throw new Error("useBrowserClient: used outside a test (the browser is not up yet)");
    return { browser, url: client.url };
  };
}

/**
 * Signs in through the login form. The caller waits for what it needs next (the chat list,
 * a tab).
 */
export async function signInThroughForm(
  page: Page,
  url: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
