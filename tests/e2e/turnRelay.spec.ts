/**
 * 1:1 screen sharing through a TURN relay: the path staff off the LAN need. A real coturn on
 * loopback (tests/harness/coturn.ts), Synapse handing out its credentials (`turn_uris`,
 * `turn_shared_secret`, exactly what `STAFFROOM_TURN_*` renders), and both browsers told to use
 * relay candidates only (the SDK's `forceTURN`, test option `forceTurn`). bob shares his screen
 * after alice's request; alice's browser decodes it over a candidate pair whose local side is a
 * relay, and coturn's log shows the allocations.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signInThroughForm, useBrowserClient } from "../harness/browserClient.ts";
import { startTestCoturn, type TestCoturn } from "../harness/coturn.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

let coturn: TestCoturn;
beforeAll(async () => {
  coturn = await startTestCoturn();
}, 30_000);
afterAll(async () => {
  await coturn?.stop();
});

const env = useTestEnv({
  users: ["alice", "bob"],
  turn: () => ({ uris: coturn.uris, sharedSecret: coturn.sharedSecret, userLifetime: "1h" }),
});
const client = useBrowserClient(env, { media: true });
const contexts: BrowserContext[] = [];

const INIT_SCRIPT = `localStorage.setItem("staffroom.testOptions",
  JSON.stringify({ exposeCallStats: true, forceTurn: true }));`;

type Stats = { framesDecoded: number; candidateType: string | null } | null;
const callStats = (page: Page) => page.evaluate("window.__staffroomCallStats()") as Promise<Stats>;

async function signIn(localpart: "alice" | "bob", other: string): Promise<Page> {
  const { browser, url } = client();
  const context = await browser.newContext({ permissions: ["microphone", "camera"] });
  contexts.push(context);
  await context.addInitScript({ content: INIT_SCRIPT });
  const page = await context.newPage();
  await signInThroughForm(page, url, localpart, env().passwordOf(localpart));
  await page.getByRole("button", { name: new RegExp(`^${other}(,|$)`) }).click({ timeout: 30_000 });
  await page.getByRole("heading", { level: 2, name: other }).waitFor({ timeout: 20_000 });
  return page;
}

afterAll(async () => {
  for (const context of contexts) await context.close();
});

it("hands out TURN credentials and carries a shared screen over the relay", async () => {
  // Synapse's side: time-limited credentials for coturn's shared secret.
  const turn = await env()
    .getUser("alice")
    .request<{ uris: string[]; username: string; password: string; ttl: number }>(
      "GET",
      "/_matrix/client/v3/voip/turnServer",
    );
  expect(turn.uris).toEqual(coturn.uris);
  expect(turn.username).toMatch(/^\d+:@alice:/);
  expect(turn.ttl).toBe(3600);

  const alice = await signIn("alice", "bob");
  const bob = await signIn("bob", "alice");
  await alice.getByRole("button", { name: "Request Screenshare" }).click();
  const card = bob.getByRole("article", { name: "Screen-sharing request" }).last();
  await card.getByRole("button", { name: "Accept" }).click({ timeout: 30_000 });
  const aliceCall = alice.getByRole("region", { name: "Call with bob" });
  await aliceCall.getByRole("status").filter({ hasText: "connected" }).waitFor({ timeout: 45_000 });

  const stats = await waitFor(
    "alice to decode bob's screen over the relay",
    async () => {
      const now = await callStats(alice);
      return now && now.framesDecoded > 10 ? now : undefined;
    },
    { timeoutMs: 30_000 },
  );
  process.stdout.write(`alice's call over TURN: ${JSON.stringify(stats)}\n`);
  expect(stats.candidateType).toBe("relay");
  expect((await callStats(bob))?.candidateType).toBe("relay");
  // coturn allocated relays for the two peers (its log names each allocation).
  expect(coturn.logTail(400)).toMatch(/ALLOCATE processed, success/);

  await aliceCall.getByRole("button", { name: "Hang up" }).click();
  await aliceCall.waitFor({ state: "detached", timeout: 10_000 });
});
