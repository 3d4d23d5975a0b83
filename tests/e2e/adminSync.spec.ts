/**
 * Admin → Settings → Membership sync against the whole stack: a writing pass that a killed
 * process left "running" is shown as Interrupted, with the reason, once the next pass (here one
 * dana starts through the API) has taken the sync lock; the new pass is listed as Succeeded.
 */
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { signInThroughForm, useBrowserClient } from "../harness/browserClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const env = useTestEnv({
  users: ["dana"],
  admins: ["dana"],
  departments: [{ id: "circ", name: "Circulation", members: ["dana"] }],
});

const ui = useBrowserClient(env, {
  before: async () => {
    await env().appservice.sync.idle();
    // What `kill -9` mid-pass leaves behind: a writing run still "running".
    await env()
      .appservice.db("sync_runs")
      .insert({
        id: "sync-killed",
        trigger: "periodic",
        dry_run: false,
        started_at: Date.now() - 60_000,
        status: "running",
        holder: `${hostname()}|999999|gone`,
      });
    const response = await fetch(new URL("/api/admin/sync", env().appserviceUrl), {
      method: "POST",
      headers: {
        authorization: `Bearer ${env().getUser("dana").accessToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ dry_run: false }),
    });
    expect(response.status).toBe(200);
  },
});

describe("the Admin tab's sync passes", () => {
  it("shows a pass whose process stopped as Interrupted, with the reason", async () => {
    const context = await ui().browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    await signInThroughForm(page, ui().url, "dana", env().passwordOf("dana"));
    await page.getByRole("tab", { name: "Admin" }).click({ timeout: 30_000 });
    const list = page.getByRole("list", { name: "Recent sync passes" });
    await list.waitFor({ timeout: 20_000 });
    const killed = list.locator('[data-run-id="sync-killed"]');
    expect(await killed.getAttribute("data-status")).toBe("interrupted");
    const text = (await killed.textContent()) ?? "";
    expect(text).toContain("Interrupted");
    expect(text).toContain("Why: the appservice stopped during this run");
    expect(text).not.toContain("Running");
    expect(text).not.toContain("finished —");
    const newest = list.getByRole("listitem").first();
    expect(await newest.getAttribute("data-status")).toBe("succeeded");
    expect(await newest.textContent()).toContain("Succeeded · api");
    await context.close();
  });
});
