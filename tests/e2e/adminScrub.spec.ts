/**
 * The Admin tab against the whole stack: dana (an org admin) sets scrub retention to 30 days,
 * which a reload shows again; Preview lists the rooms; Run now adds a run to Recent runs that
 * reaches a finished status. alice (not an admin) has no Admin tab.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInThroughForm, useBrowserClient } from "../harness/browserClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { BotHistory } from "../integration/scrub/history.ts";

const env = useTestEnv({
  users: ["alice", "dana"],
  admins: ["dana"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "dana"] }],
});

const DAYS_FIELD = "Scrub internal chat messages older than N days";

async function signIn(page: Page, username: "alice" | "dana"): Promise<void> {
  await signInThroughForm(page, ui().url, username, env().passwordOf(username));
  await page.getByRole("tab", { name: "Chats" }).waitFor({ timeout: 30_000 });
}

// One message old enough to be scrubbed, so the run has something to do.
const ui = useBrowserClient(env, {
  before: async () => {
    const room = (await env()
      .appservice.db("managed_rooms")
      .where({ kind: "department" })
      .first()) as { room_id: string };
    const bot = new BotHistory(env().synapse.url, env().synapse.secrets.as_token);
    await bot.sendOldText(room.room_id, 40, "old news");
  },
});

describe("the Admin tab", () => {
  it("saves the scrub setting, previews, runs a scrub and lists the run", async () => {
    const context = await ui().browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    await signIn(page, "dana");
    await page.getByRole("tab", { name: "Admin" }).click({ timeout: 20_000 });
    await page.getByRole("heading", { name: "Settings" }).waitFor();

    const enable = page.getByLabel("Scrub internal chat messages", { exact: true });
    await enable.check({ timeout: 20_000 });
    const days = page.getByLabel(DAYS_FIELD);
    await days.fill("0");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("alert").filter({ hasText: "from 1 to 3650" }).waitFor();
    expect(await days.getAttribute("aria-invalid")).toBe("true");

    await days.fill("30");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor({ timeout: 20_000 });

    await page.reload();
    await page.getByRole("tab", { name: "Admin" }).click({ timeout: 30_000 });
    await expect
      .poll(() => page.getByLabel(DAYS_FIELD).inputValue(), { timeout: 20_000 })
      .toBe("30");
    expect(await page.getByLabel("Scrub internal chat messages", { exact: true }).isChecked()).toBe(
      true,
    );

    await page.getByRole("button", { name: "Preview" }).click();
    const table = page.getByRole("table", { name: "Scrub preview" });
    await table.waitFor({ timeout: 30_000 });
    expect(await table.getByRole("row").count()).toBeGreaterThan(2);

    await page.getByRole("button", { name: "Run now" }).click();
    const runs = page.getByRole("list", { name: "Recent runs" });
    const run = runs.getByRole("listitem").first();
    await run.waitFor({ timeout: 20_000 });
    expect(await run.textContent()).toContain(`started by ${env().getUser("dana").userId}`);
    await expect
      .poll(() => run.getAttribute("data-status"), { timeout: 60_000 })
      .toMatch(/^(succeeded|partial|failed)$/);
    expect(await run.getAttribute("data-status")).toBe("succeeded");
    expect(await run.textContent()).not.toContain("finished —");

    // The chat header shows the policy from the room's m.room.retention state.
    await page.getByRole("tab", { name: "Chats" }).click();
    await page.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });
    await page.getByText("Messages older than 30 days are scrubbed").waitFor({ timeout: 20_000 });
    await context.close();
  });

  it("has no Admin tab for someone who is not an org admin", async () => {
    const context = await ui().browser.newContext();
    const page = await context.newPage();
    await signIn(page, "alice");
    await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole("tab", { name: "Admin" }).count()).toBe(0);
    // Members see the policy too, though they cannot read the admin setting.
    await page.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });
    await page.getByText("Messages older than 30 days are scrubbed").waitFor({ timeout: 20_000 });
    await context.close();
  });
});
