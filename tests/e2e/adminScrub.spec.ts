/**
 * The Admin tab against the whole stack: dana (an org admin) sets scrub retention to 30 days,
 * which a reload shows again; Preview lists the rooms by name; Run now asks first, naming the
 * cutoff the server reports (Cancel runs nothing), and once confirmed adds a run to Recent runs
 * that reaches a finished status with its rooms named. alice (not an admin) has no Admin tab.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInThroughForm, useBrowserClient } from "../harness/browserClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { BotHistory, api } from "../integration/scrub/history.ts";

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
    // A Staffroom DM, so the preview has one to name.
    const dm = await api(env().appserviceUrl, env().getUser("dana"), "POST", "/api/direct", {
      user_id: env().getUser("alice").userId,
    });
    expect(dm.status).toBe(200);
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
    const circulation = table.getByRole("row").filter({ hasText: "Circulation" });
    expect(await circulation.textContent()).toContain("Department");
    const dmRow = table.getByRole("row").filter({ hasText: "Direct chat: alice · dana" });
    expect(await dmRow.getByRole("cell").first().textContent()).toBe("Direct chat");
    expect(await table.getByRole("row").filter({ hasText: "All Staff" }).count()).toBe(1);

    // Run now asks, naming the cutoff the server reports, in the browser's locale.
    const posted: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posted.push(new URL(request.url()).pathname);
    });
    const question = async (): Promise<{ dialog: Locator; expected: string }> => {
      const previewed = page.waitForResponse((r) => r.url().endsWith("/api/admin/scrub/preview"));
      await page.getByRole("button", { name: "Run now" }).click();
      const body = (await (await previewed).json()) as { cutoff_ts: number; rooms: unknown[] };
      const cutoff = await page.evaluate(
        (ts) =>
          new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" }).format(ts),
        body.cutoff_ts,
      );
      const dialog = page.getByRole("alertdialog", { name: "Delete chat history?" });
      await dialog.waitFor({ timeout: 30_000 });
      const expected = `Delete all internal chat history before ${cutoff} in ${body.rooms.length} rooms? This cannot be undone.`;
      return { dialog, expected };
    };
    const first = await question();
    expect(await first.dialog.textContent()).toContain(first.expected);
    const cancel = first.dialog.getByRole("button", { name: "Cancel" });
    expect(await cancel.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await cancel.click();
    await first.dialog.waitFor({ state: "detached" });
    const second = await question();
    await page.keyboard.press("Escape");
    await second.dialog.waitFor({ state: "detached" });
    expect(posted).not.toContain("/api/admin/scrub/run");
    expect(await page.getByText("No scrub runs yet.").count()).toBe(1);

    const third = await question();
    await third.dialog.getByRole("button", { name: "Delete history" }).click();
    const runs = page.getByRole("list", { name: "Recent runs" });
    const run = runs.getByRole("listitem").first();
    await run.waitFor({ timeout: 20_000 });
    expect(await run.textContent()).toContain(`started by ${env().getUser("dana").userId}`);
    await expect
      .poll(() => run.getAttribute("data-status"), { timeout: 60_000 })
      .toMatch(/^(succeeded|partial|failed)$/);
    expect(await run.getAttribute("data-status")).toBe("succeeded");
    expect(await run.textContent()).not.toContain("finished —");
    expect(posted.filter((path) => path === "/api/admin/scrub/run")).toHaveLength(1);
    // The run's rooms, under their names.
    await run.getByText("Rooms", { exact: true }).click();
    const runRooms = run.getByRole("list", { name: "Rooms of this run" });
    expect(
      await runRooms.getByRole("listitem").filter({ hasText: "Circulation" }).textContent(),
    ).toContain("Done");
    expect(await runRooms.getByText("Direct chat: alice · dana").count()).toBe(1);

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
