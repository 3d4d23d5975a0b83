/**
 * The browser round trip on Synapse's workers topology: alice and bob in two Chromium contexts,
 * behind the web client's proxy and the router (the routing table npm start and docker/nginx
 * share). alice sends a message and a file; bob's page shows both and his download is
 * byte-identical. The workers' own logs show who served what: the browsers' /sync on the sync
 * workers, the message on the event persister, the file on the media repository.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { signInThroughForm, useBrowserClient } from "../harness/browserClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";
import { messages, openChat } from "./timelineSupport.ts";

const env = useTestEnv({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"] }],
  synapseWorkers: 2,
});
const ui = useBrowserClient(env);

async function signIn(user: "alice" | "bob"): Promise<Page> {
  const page = await (await ui().browser.newContext()).newPage();
  await signInThroughForm(page, ui().url, user, env().passwordOf(user));
  await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 30_000 });
  await openChat(page, "Circulation");
  return page;
}

/** Waits until one of the processes has logged a request line holding every needle. */
function servedBy(names: string[], ...needles: string[]): Promise<true> {
  const logDir = env().synapse.workers?.logDir;
  if (!logDir) throw new Error("the environment has no workers");
  return waitFor(`${names.join(" or ")} to log ${needles.join(" … ")}`, async () => {
    for (const name of names) {
      const log = await readFile(join(logDir, `${name}.log`), "utf8");
      const lines = log.split("\n").filter((line) => line.includes("Processed request"));
      if (lines.some((line) => needles.every((needle) => line.includes(needle)))) return true;
    }
    return undefined;
  });
}

let alice: Page;
let bob: Page;
beforeAll(async () => {
  [alice, bob] = await Promise.all([signIn("alice"), signIn("bob")]);
}, 120_000);

describe("two people in Chromium on Synapse's workers", () => {
  it("send and receive a message and a file, each served by the intended process", async () => {
    const text = `Shift swap on Friday? ${Date.now()}`;
    const editor = alice.getByRole("textbox", { name: "Message" });
    await editor.fill(text);
    await editor.press("Enter");
    await messages(bob).getByText(text).waitFor({ timeout: 20_000 });

    const bytes = randomBytes(200_000);
    const chooser = alice.waitForEvent("filechooser");
    await alice.getByRole("button", { name: "Attach a file" }).click();
    await (
      await chooser
    ).setFiles({ name: "rota.bin", mimeType: "application/octet-stream", buffer: bytes });
    const button = bob.getByRole("button", { name: /^Download rota\.bin/ });
    await button.waitFor({ timeout: 30_000 });
    const download = bob.waitForEvent("download", { timeout: 20_000 });
    await button.click();
    const saved = await readFile(await (await download).path());
    const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
    expect(sha(saved)).toBe(sha(bytes));

    const aliceId = env().getUser("alice").userId;
    const bobId = env().getUser("bob").userId;
    await servedBy(["sync1", "sync2"], `{${bobId}}`, "GET /_matrix/client/v3/sync");
    await servedBy(["streams"], `{${aliceId}}`, "/send/m.room.message/");
    await servedBy(["media"], `{${aliceId}}`, "POST /_matrix/media/v3/upload");
    await servedBy(["media"], `{${bobId}}`, "GET /_matrix/client/v1/media/download/");
  });
});
