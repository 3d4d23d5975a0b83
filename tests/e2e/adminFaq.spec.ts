/**
 * Admin → FAQs against the whole stack: dana (an org admin) creates a group, imports a CSV of
 * 3,000 entries through a throttled upload and sees its progress (upload, then the server's
 * write) before the entries appear; a file with a bad row is refused whole with the line named;
 * she edits, adds and deletes entries; a share seen in a room shows up under Sharing.
 * Set STAFFROOM_SCREENSHOTS=<dir> to keep screenshots.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { FaqSearchResult } from "@staffroom/appservice/contract";
import { buildFaqShareContent } from "../../appservice/src/faq/faqMessage.ts";
import { throttleUploads } from "../harness/browser.ts";
import { signInThroughForm, useBrowserClient } from "../harness/browserClient.ts";
import { saveScreenshot } from "../harness/screenshots.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

const env = useTestEnv({
  users: ["alice", "dana"],
  admins: ["dana"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "dana"] }],
});
const ui = useBrowserClient(env);

const ROWS = 3000;
const csv = (rows: string[]): Buffer =>
  Buffer.from(["id,question,answer,url,keywords", ...rows].join("\r\n"));
const bigCsv = csv(
  Array.from(
    { length: ROWS },
    (_, i) =>
      `q${String(i).padStart(4, "0")},How do I use service ${i}?,"Ask at the **desk** for service ${i}; bring your card.",https://library.example/s/${i},"service, help"`,
  ),
);

async function signInToFaqAdmin(page: Page): Promise<void> {
  await signInThroughForm(page, ui().url, "dana", env().passwordOf("dana"));
  await page.getByRole("tab", { name: "Admin" }).click({ timeout: 30_000 });
  await page.getByRole("tab", { name: "FAQs" }).click();
  await page.getByRole("heading", { name: "FAQ groups" }).waitFor({ timeout: 20_000 });
}

/** Records every value a progress bar shows (its aria-valuetext), even between frames. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    // Page globals, typed here because the tests compile without the DOM library.
    type Node = {
      matches?: (selector: string) => boolean;
      querySelectorAll(selector: string): Iterable<Node>;
      getAttribute(name: string): string | null;
      textContent: string | null;
    };
    type MutationRecord = {
      type: string;
      oldValue: string | null;
      addedNodes: Iterable<Node>;
      removedNodes: Iterable<Node>;
    };
    const page = globalThis as unknown as {
      progressSeen: string[];
      document: { body: unknown; getElementById(id: string): Node | null };
      MutationObserver: new (callback: (records: MutationRecord[]) => void) => {
        observe(target: unknown, options: object): void;
      };
    };
    const seen: string[] = [];
    page.progressSeen = seen;
    const note = (node: Node): void => {
      if (typeof node.matches !== "function") return;
      const bars = node.matches('[role="progressbar"]')
        ? [node]
        : [...node.querySelectorAll('[role="progressbar"]')];
      for (const bar of bars) {
        const label = page.document.getElementById(bar.getAttribute("aria-labelledby") ?? "");
        seen.push(`${label?.textContent ?? "?"}: ${bar.getAttribute("aria-valuetext") ?? ""}`);
      }
    };
    new page.MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "attributes" && record.oldValue !== null)
          seen.push(`(before): ${record.oldValue}`);
        for (const node of record.addedNodes) note(node);
        for (const node of record.removedNodes) note(node);
      }
    }).observe(page.document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["aria-valuetext"],
      attributeOldValue: true,
    });
  });
}

describe("Admin → FAQs", () => {
  it("creates a group, imports a CSV with progress, and the entries appear", async () => {
    const context = await ui().browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await signInToFaqAdmin(page);

    await page.getByRole("button", { name: "New group" }).click();
    await page.getByLabel("Group name").fill("Services");
    await page.getByLabel("Description").fill("What the desks offer");
    await page.getByLabel("Visible to").selectOption("internal");
    await page.getByRole("button", { name: "Create group" }).click();
    await page.getByRole("heading", { name: "Services", level: 2 }).waitFor({ timeout: 20_000 });
    await page.getByText("No entries yet").waitFor();

    // A file with one bad row is refused whole, naming the line and the field.
    const bad = csv(["ok1,Fine?,Yes.,,", ",Missing id?,Answer.,,"]);
    await page
      .getByLabel("FAQ file (CSV or JSON)")
      .setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: bad });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const refused = page
      .getByRole("alert")
      .filter({ hasText: "Nothing was imported from bad.csv" });
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.textContent()).toContain("line 3, id: is required");
    expect(await page.getByText("No entries yet").count()).toBe(1);

    // 250 bad rows (750 problems): the server lists 100, the page counts them all.
    const worse = csv(Array.from({ length: 250 }, () => ",,,,"));
    await page
      .getByLabel("FAQ file (CSV or JSON)")
      .setInputFiles({ name: "worse.csv", mimeType: "text/csv", buffer: worse });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const counted = page.getByRole("alert").filter({ hasText: "worse.csv: 750 problems" });
    await counted.waitFor({ timeout: 20_000 });
    expect(await counted.textContent()).toContain("…and 730 more.");

    await recordProgress(page);
    const restore = await throttleUploads(page, 150_000);
    await page
      .getByLabel("FAQ file (CSV or JSON)")
      .setInputFiles({ name: "services.csv", mimeType: "text/csv", buffer: bigCsv });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const uploading = page.getByRole("progressbar", { name: "Uploading services.csv" });
    await uploading.waitFor({ timeout: 20_000 });
    await saveScreenshot(page, "admin-faq-uploading");
    const result = page.getByTestId("faq-import-result");
    await result.waitFor({ timeout: 60_000 });
    await restore();
    expect(await result.textContent()).toContain(
      "Imported 3,000 entries from services.csv: 3,000 new, 0 updated.",
    );
    const seen = await page.evaluate(
      () => (globalThis as unknown as { progressSeen: string[] }).progressSeen,
    );
    const uploadSteps = seen.filter((s) => /^(Uploading services\.csv|\(before\)): \d+%$/.test(s));
    expect(
      uploadSteps.some((s) => /: ([1-9]|[1-9]\d)%$/.test(s)),
      seen.join("\n"),
    ).toBe(true);
    expect(
      seen.some((s) => /^(Saving entries|\(before\)): [\d,]+ of 3,000$/.test(s)),
      seen.join("\n"),
    ).toBe(true);

    // The entries appear, a page at a time.
    await page.getByRole("heading", { name: "Entries (3,000)" }).waitFor({ timeout: 20_000 });
    const list = page.getByRole("list", { name: "Entries of Services" });
    expect(await list.getByRole("listitem").count()).toBe(50);
    await saveScreenshot(page, "admin-faq-imported");
    await page.getByRole("button", { name: "Load more entries" }).click();
    await expect.poll(() => list.getByRole("listitem").count(), { timeout: 20_000 }).toBe(100);
    await page.getByRole("button", { name: /^Services/ }).waitFor();
    expect(await page.getByRole("button", { name: /^Services/ }).textContent()).toContain(
      "3,000 entries",
    );
    await context.close();
  });

  it("edits, adds and deletes entries, and shows what was shared", async () => {
    const context = await ui().browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await signInToFaqAdmin(page);
    await page.getByRole("button", { name: /^Services/ }).click({ timeout: 20_000 });
    const list = page.getByRole("list", { name: "Entries of Services" });
    await list.getByRole("listitem").first().waitFor({ timeout: 20_000 });

    await page.getByRole("button", { name: "Edit How do I use service 0?" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit FAQ entry" });
    await saveScreenshot(page, "admin-faq-edit-entry");
    await dialog.getByLabel("Question").fill("How do I book a study room?");
    await dialog.getByRole("button", { name: "Save entry" }).click();
    await dialog.waitFor({ state: "detached", timeout: 20_000 });
    await list.getByText("How do I book a study room?").waitFor({ timeout: 20_000 });

    await page.getByRole("button", { name: "New entry" }).click();
    const create = page.getByRole("dialog", { name: "New FAQ entry in Services" });
    await create.getByLabel("ID (optional)").fill("lockers");
    await create.getByRole("button", { name: "Save entry" }).click();
    await create
      .getByRole("alert")
      .filter({ hasText: "Fill in the question and answer" })
      .waitFor();
    await create.getByLabel("Question").fill("Are there lockers?");
    await create.getByLabel("Answer", { exact: true }).fill("Yes, on the *ground* floor.");
    await create.getByLabel("Link").fill("javascript:alert(1)");
    await create.getByRole("button", { name: "Save entry" }).click();
    await create.getByRole("alert").filter({ hasText: "url" }).waitFor({ timeout: 20_000 });
    await create.getByLabel("Link").fill("https://library.example/lockers");
    await create.getByRole("button", { name: "Save entry" }).click();
    await create.waitFor({ state: "detached", timeout: 20_000 });
    await page.getByRole("heading", { name: "Entries (3,001)" }).waitFor({ timeout: 20_000 });

    await page.getByRole("button", { name: "Delete How do I use service 1?" }).click();
    await page
      .getByRole("group", { name: "Delete this entry?" })
      .getByRole("button", { name: "Delete" })
      .click();
    await page.getByRole("heading", { name: "Entries (3,000)" }).waitFor({ timeout: 20_000 });
    expect(await list.getByText("How do I use service 1?", { exact: true }).count()).toBe(0);

    // alice shares the lockers entry into Circulation; the appservice counts it.
    const room = (await env()
      .appservice.db("managed_rooms")
      .where({ kind: "department" })
      .first()) as { room_id: string };
    const shared = (await fetch(new URL("/api/faq/search?q=lockers", env().appserviceUrl), {
      headers: { authorization: `Bearer ${env().getUser("alice").accessToken}` },
    }).then((r) => r.json())) as { results: FaqSearchResult[] };
    const hit = shared.results[0];
    if (hit === undefined) throw new Error("the lockers entry was not found by search");
    await env()
      .getUser("alice")
      .request(
        "PUT",
        `/_matrix/client/v3/rooms/${encodeURIComponent(room.room_id)}/send/m.room.message/share1`,
        buildFaqShareContent({
          ...hit,
          answerHtml: hit.answer,
          answerText: hit.answer_text,
        }),
      );
    // The share is counted when Synapse delivers the event to the appservice, which a busy
    // machine (or a transaction retried after a timeout) can delay: wait for the count itself,
    // then see it in the page.
    await waitFor(
      "the appservice to count the share",
      async () =>
        (await env().appservice.db("faq_shares").where({ entry_id: "lockers" }).first()) as
          object | undefined,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const sharing = page.getByRole("region", { name: "Sharing" });
    await expect
      .poll(
        async () => {
          await sharing.getByRole("button", { name: "Refresh" }).click();
          return sharing
            .getByRole("table", { name: "Most shared" })
            .textContent()
            .catch(() => "");
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain("Are there lockers?");
    await saveScreenshot(page, "admin-faq-sharing");
    // 3,000 imported + lockers − the deleted one − lockers, now shared.
    expect(await sharing.textContent()).toContain("Never shared (2,999)");
    await context.close();
  }, 180_000);
});
