/**
 * The Members button of a department chat against the whole stack: bob opens the dialog and
 * sees alice go online, then away, as she sets her presence with her own token; admins are
 * marked; Escape closes the dialog and gives focus back to the button.
 * Set STAFFROOM_SCREENSHOTS=<dir> to keep screenshots.
 */
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInThroughForm, useBrowserClient } from "../harness/browserClient.ts";
import { saveScreenshot } from "../harness/screenshots.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const env = useTestEnv({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"], admins: ["alice"] }],
});
const ui = useBrowserClient(env);

async function setAlicePresence(presence: "online" | "unavailable"): Promise<void> {
  const alice = env().getUser("alice");
  await alice.request(
    "PUT",
    `/_matrix/client/v3/presence/${encodeURIComponent(alice.userId)}/status`,
    { presence },
  );
}

/** alice's row in the dialog. */
const aliceRow = (dialog: Locator) =>
  dialog.locator(`li[data-user-id="${env().getUser("alice").userId}"]`);

describe("the members dialog", () => {
  it("lists the department with live status and admins marked; Escape closes it", async () => {
    const context = await ui().browser.newContext({ viewport: { width: 1000, height: 760 } });
    const page = await context.newPage();
    await signInThroughForm(page, ui().url, "bob", env().passwordOf("bob"));
    await page.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });

    const button = page.getByRole("button", { name: "Members" });
    await button.click({ timeout: 20_000 });
    const dialog = page.getByRole("dialog", { name: "Members of Circulation" });
    await dialog.waitFor();
    await aliceRow(dialog).waitFor({ timeout: 20_000 });
    expect(await aliceRow(dialog).getByText("Admin", { exact: true }).count()).toBe(1);
    const bobRow = dialog.locator(`li[data-user-id="${env().getUser("bob").userId}"]`);
    expect(await bobRow.getByText("Admin", { exact: true }).count()).toBe(0);

    await setAlicePresence("online");
    await aliceRow(dialog).getByText("Online").waitFor({ timeout: 30_000 });
    await saveScreenshot(page, "members-alice-online");

    await setAlicePresence("unavailable");
    await aliceRow(dialog).getByText("Away").waitFor({ timeout: 30_000 });
    await saveScreenshot(page, "members-alice-away");

    // Focus stays inside the open dialog.
    for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
    expect(await dialog.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await button.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await context.close();
  });
});
