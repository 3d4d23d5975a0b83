import { fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import type { ScrubPreviewResponse, ScrubRunView } from "@staffroom/appservice/contract";
import { describe, expect, it, vi } from "vitest";
import { ScrubAdmin, type ScrubAdminProps } from "./ScrubAdmin.tsx";
import { formatCutoff } from "./scrubText.ts";

// Run now asks first, naming the cutoff the server reports; the preview and the runs name
// their rooms, with a fallback for a room the server could not name.

const CUTOFF = Date.UTC(2026, 10, 7, 9, 0);

const preview: ScrubPreviewResponse = {
  scrub_days: 30,
  cutoff_ts: CUTOFF,
  rooms: [
    {
      room_id: "!circ:x",
      kind: "department",
      name: "Circulation",
      messages: 2,
      files: 0,
      events: 2,
    },
    {
      room_id: "!dm:x",
      kind: "direct",
      name: "Direct chat: Alice Archer · Bob Baker",
      messages: 1,
      files: 0,
      events: 1,
    },
    { room_id: "!odd:x", kind: "other_room", name: null, messages: 0, files: 0, events: 0 },
  ],
  totals: { messages: 3, files: 0, events: 3 },
};

const finished: ScrubRunView = {
  id: "r1",
  status: "succeeded",
  trigger: "manual",
  started_by: "@dana:x",
  scrub_days: 30,
  cutoff_ts: CUTOFF,
  started_at: "2026-12-07T09:00:00Z",
  finished_at: "2026-12-07T09:01:00Z",
  rooms: 2,
  room_results: [
    {
      room_id: "!gone:x",
      kind: "department",
      name: "Cataloguing",
      step: "done",
      events: 5,
      messages: 5,
      media_deleted: 0,
      error: null,
    },
    {
      room_id: "!old:x",
      kind: "direct",
      name: null,
      step: "failed",
      events: 0,
      messages: 0,
      media_deleted: 0,
      error: "purge failed",
    },
  ],
  events_purged: 5,
  media_deleted: 0,
  errors: ["!old:x: purge failed"],
};

function fakeApi(): ScrubAdminProps["api"] {
  return {
    adminSettings: vi.fn(() => Promise.resolve({ scrub_days: 30 })),
    saveAdminSettings: vi.fn((settings) => Promise.resolve(settings)),
    previewScrub: vi.fn(() => Promise.resolve(preview)),
    runScrub: vi.fn(() => Promise.resolve({ ...finished, status: "running" as const })),
    scrubRuns: vi.fn(() => Promise.resolve({ runs: [] })),
  };
}

async function openQuestion(api: ScrubAdminProps["api"]): Promise<HTMLElement> {
  render(() => <ScrubAdmin api={api} />);
  const runNow = screen.getByRole("button", { name: "Run now" });
  await waitFor(() => expect(runNow).toHaveProperty("disabled", false));
  runNow.focus();
  fireEvent.click(runNow);
  return screen.findByRole("alertdialog", { name: "Delete chat history?" });
}

describe("Run now", () => {
  it("asks in an alertdialog naming the server's cutoff and the rooms, focus on Cancel", async () => {
    const api = fakeApi();
    const dialog = await openQuestion(api);
    expect(api.previewScrub).toHaveBeenCalledTimes(1);
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    const described = document.getElementById(dialog.getAttribute("aria-describedby") ?? "");
    expect(described?.textContent).toBe(
      `Delete all internal chat history before ${formatCutoff(CUTOFF)} in 3 rooms? This cannot be undone.`,
    );
    expect(described?.textContent).toContain("2026");
    const cancel = within(dialog).getByRole("button", { name: "Cancel" });
    const confirm = within(dialog).getByRole("button", { name: "Delete history" });
    expect(document.activeElement).toBe(cancel);
    // Tab and Shift+Tab stay inside the dialog.
    confirm.focus();
    fireEvent.keyDown(confirm, { key: "Tab" });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(confirm);
    expect(api.runScrub).not.toHaveBeenCalled();
  });

  it("runs nothing on Cancel or Escape, and gives focus back to Run now", async () => {
    const api = fakeApi();
    const dialog = await openQuestion(api);
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    const runNow = screen.getByRole("button", { name: "Run now" });
    expect(document.activeElement).toBe(runNow);

    fireEvent.click(runNow);
    const again = await screen.findByRole("alertdialog");
    fireEvent.keyDown(within(again).getByRole("button", { name: "Cancel" }), { key: "Escape" });
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(api.runScrub).not.toHaveBeenCalled();
  });

  it("starts the run only once confirmed", async () => {
    const api = fakeApi();
    const dialog = await openQuestion(api);
    vi.mocked(api.scrubRuns).mockResolvedValue({ runs: [finished] });
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete history" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    await waitFor(() => expect(api.runScrub).toHaveBeenCalledTimes(1));
    await screen.findByText(/^Succeeded/);
  });
});

describe("room names on the scrub page", () => {
  it("shows names with kinds in the preview, and a fallback with the ID for an unnamed room", async () => {
    render(() => <ScrubAdmin api={fakeApi()} />);
    const button = screen.getByRole("button", { name: "Preview" });
    await waitFor(() => expect(button).toHaveProperty("disabled", false));
    fireEvent.click(button);
    const table = await screen.findByRole("table", { name: "Scrub preview" });
    const rows = within(table).getAllByRole("row");
    expect(rows[1]?.textContent).toContain("Circulation");
    expect(rows[1]?.textContent).toContain("Department");
    expect(rows[2]?.textContent).toContain("Direct chat: Alice Archer · Bob Baker");
    expect(rows[3]?.textContent).toContain("Unnamed room");
    expect(rows[3]?.textContent).toContain("!odd:x");
    expect(rows[3]?.textContent).toContain("Other staff room");
    expect(within(table).getByText("Circulation").parentElement?.title).toBe("!circ:x");
  });

  it("lists a run's rooms under the names they had when it ran", async () => {
    const api = fakeApi();
    vi.mocked(api.scrubRuns).mockResolvedValue({ runs: [finished] });
    render(() => <ScrubAdmin api={api} />);
    const rooms = await screen.findByRole("list", { name: "Rooms of this run" });
    const items = within(rooms).getAllByRole("listitem");
    expect(items[0]?.textContent).toContain("Cataloguing");
    expect(items[0]?.textContent).toContain("5 events purged");
    expect(items[1]?.textContent).toContain("Unnamed room");
    expect(items[1]?.textContent).toContain("!old:x");
    expect(items[1]?.textContent).toContain("purge failed");
  });
});
