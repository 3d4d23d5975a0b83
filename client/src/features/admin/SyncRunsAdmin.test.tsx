import { fireEvent, render, screen, within } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import type { SyncRunView } from "@staffroom/appservice/contract";
import { SyncRunsAdmin } from "./SyncRunsAdmin.tsx";

const run = (over: Partial<SyncRunView>): SyncRunView => ({
  id: "sync-1",
  trigger: "startup",
  dry_run: false,
  status: "succeeded",
  started_at: "2026-12-07T10:00:00.000Z",
  finished_at: "2026-12-07T10:00:05.000Z",
  reason: null,
  summary: { actions: 4, applied: 4, failed: 0 },
  ...over,
});

describe("SyncRunsAdmin", () => {
  it("shows a run whose process stopped as Interrupted, with the reason, not as running", async () => {
    const runs = [
      run({ id: "sync-2" }),
      run({
        id: "sync-1",
        trigger: "periodic",
        status: "interrupted",
        reason: "the appservice stopped during this run",
        summary: null,
      }),
    ];
    const api = { syncRuns: vi.fn(async () => ({ runs })) };
    render(() => <SyncRunsAdmin api={api} />);
    const list = await screen.findByRole("list", { name: "Recent sync passes" });
    const [newest, killed] = within(list).getAllByRole("listitem");
    expect(newest?.textContent).toContain("Succeeded");
    expect(newest?.textContent).toContain("4 actions, 4 applied, 0 failed");
    expect(killed?.dataset["status"]).toBe("interrupted");
    expect(killed?.textContent).toContain("Interrupted");
    expect(killed?.textContent).toContain("Why: the appservice stopped during this run");
    expect(killed?.textContent).not.toContain("Running");
  });

  it("says when there are none, and offers to try again when loading fails", async () => {
    let fail = true;
    const api = {
      syncRuns: vi.fn(async () => {
        if (fail) throw new Error("offline");
        return { runs: [] };
      }),
    };
    render(() => <SyncRunsAdmin api={api} />);
    expect(await screen.findByText("Could not load the sync passes.")).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No sync passes yet.")).toBeTruthy();
  });
});
