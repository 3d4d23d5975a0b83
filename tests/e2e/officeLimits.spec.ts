/**
 * Rate limits as staff meet them, through the web client's origin: the proxy names each
 * browser's own address to Synapse (a forged X-Forwarded-For is replaced), and a message the
 * server asks to hold back shows "Sending…" and then goes out, never an error code. Synapse
 * runs the embedded profile with a deliberately tight message limit (3, then one per 5 s) so a
 * real 429 comes on the fourth quick message.
 */
import { request as httpRequest } from "node:http";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { registerWithSharedSecret } from "@staffroom/appservice/setup";
import { signInThroughForm, useBrowserClient } from "../harness/browserClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";

type User = "alice" | "bob";
const env = useTestEnv<User>({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"] }],
  synapseProfile: "embedded",
  homeserverOverrides: { rc_message: { per_second: 0.2, burst_count: 3 } },
});
const client = useBrowserClient(env);

/** A request to the web client's origin from `localAddress`, as a browser on that host would. */
function requestFrom(localAddress: string, path: string, headers: Record<string, string>) {
  const url = new URL(path, client().url);
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, localAddress, headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function addressesSeenFor(userId: string): Promise<string> {
  const admin = await registerWithSharedSecret({
    homeserverUrl: env().synapse.url,
    sharedSecret: env().synapse.secrets.registration_shared_secret,
    username: `whois${Date.now()}`,
    password: "pw-whois",
    admin: true,
  });
  const whois = await fetch(
    new URL(`/_synapse/admin/v1/whois/${encodeURIComponent(userId)}`, env().synapse.url),
    { headers: { authorization: `Bearer ${admin.access_token}` } },
  );
  return JSON.stringify(await whois.json());
}

const editor = (page: Page) => page.getByRole("textbox", { name: "Message" });

describe("rate limits through the web client", () => {
  it("counts each browser by its own address, whatever X-Forwarded-For it sends", async () => {
    const bob = env().getUser("bob");
    const whoami = "/_matrix/client/v3/account/whoami";
    for (const [from, forged] of [
      ["127.0.0.2", "203.0.113.9"],
      ["127.0.0.3", "203.0.113.10"],
    ] as const) {
      const status = await requestFrom(from, whoami, {
        authorization: `Bearer ${bob.accessToken}`,
        "x-forwarded-for": forged,
      });
      expect(status).toBe(200);
    }
    const seen = await addressesSeenFor(bob.userId);
    expect(seen).toContain('"127.0.0.2"');
    expect(seen).toContain('"127.0.0.3"');
    expect(seen).not.toContain("203.0.113.");
  });

  it("shows Sending… while the server holds a message back, then sends it", async () => {
    const context = await client().browser.newContext({ viewport: { width: 1100, height: 800 } });
    try {
      const page = await context.newPage();
      const refusedSends: string[] = [];
      page.on("response", (response) => {
        if (response.status() === 429 && response.url().includes("/send/")) {
          refusedSends.push(response.url());
        }
      });
      await signInThroughForm(page, client().url, "alice", env().passwordOf("alice"));
      await page.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });
      await editor(page).waitFor({ timeout: 20_000 });
      const timeline = page.getByRole("region", { name: /^Messages in/ });
      for (const line of ["one", "two", "three", "four", "five"]) {
        await editor(page).fill(`quick ${line}`);
        await editor(page).press("Enter");
        if (["one", "two", "three"].includes(line)) {
          await timeline.getByText(`quick ${line}`).first().waitFor();
        }
      }
      // The fourth is over the limit: Synapse answers 429 and the client waits as asked; the
      // fifth, written meanwhile, queues behind it.
      const note = page.getByTestId("sending-note").first();
      await expect.poll(() => note.isVisible(), { timeout: 3000 }).toBe(true);
      expect(await editor(page).innerText()).toBe("");
      await expect
        .poll(async () => page.getByTestId("sending-note").count(), { timeout: 30_000 })
        .toBe(0);
      await timeline.getByText("quick five").first().waitFor();
      expect(refusedSends.length, "Synapse refused a send at least once").toBeGreaterThan(0);
      const text = (await page.locator("body").innerText()).toString();
      expect(text).not.toMatch(/M_LIMIT_EXCEEDED|429|Not sent/);
      // It really went out: bob reads it.
      const bob = env().getUser("bob");
      const circ = await bob.request<{ room_id: string }>(
        "GET",
        `/_matrix/client/v3/directory/room/${encodeURIComponent(`#dept-circ:${env().serverName}`)}`,
      );
      const five = await bob.waitForRoomEvent({
        roomId: circ.room_id,
        eventType: "m.room.message",
        match: (event) => event.content.body === "quick five",
      });
      const four = await bob.waitForRoomEvent({
        roomId: circ.room_id,
        eventType: "m.room.message",
        match: (event) => event.content.body === "quick four",
      });
      // In the order they were written.
      expect(four.origin_server_ts).toBeLessThanOrEqual(five.origin_server_ts);
    } finally {
      await context.close();
    }
  }, 90_000);
});
