import { fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import type { ScrubRunView } from "@staffroom/appservice/contract";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppShell } from "../shell/AppShell.tsx";
import { ScrubAdmin, type ScrubAdminProps } from "./ScrubAdmin.tsx";
import { parseScrubDays } from "./ScrubSettingsForm.tsx";

const DAYS = "Scrub internal chat messages older than N days";

function run(overrides: Partial<ScrubRunView> = {}): ScrubRunView {
  return {
    id: "r1",
    status: "running",
    trigger: "manual",
    started_by: "@dana:staffroom.local",
    scrub_days: 30,
    cutoff_ts: 0,
    started_at: "2026-11-28T10:00:00Z",
    finished_at: null,
    rooms: 1,
    room_results: [
      {
        room_id: "!a:x",
        kind: "department",
        name: "Circulation",
        step: "pending",
        events: 0,
        messages: 0,
        media_deleted: 0,
        error: null,
      },
    ],
    events_purged: 0,
    media_deleted: 0,
    errors: [],
    ...overrides,
  };
}

function fakeApi(scrubDays: number | null): ScrubAdminProps["api"] {
  return {
    adminSettings: vi.fn(() => Promise.resolve({ scrub_days: scrubDays })),
    saveAdminSettings: vi.fn((settings) => Promise.resolve(settings)),
    previewScrub: vi.fn(() =>
      Promise.resolve({
        scrub_days: 30,
        cutoff_ts: 0,
        rooms: [
          {
            room_id: "!a:x",
            kind: "department" as const,
            name: "Circulation",
            messages: 2,
            files: 1,
            events: 4,
          },
        ],
        totals: { messages: 2, files: 1, events: 4 },
      }),
    ),
    runScrub: vi.fn(() => Promise.resolve(run())),
    scrubRuns: vi.fn(() => Promise.resolve({ runs: [] })),
  };
}

describe("parseScrubDays", () => {
  it("accepts empty (off) and whole numbers 1–3650, refuses the rest readably", () => {
    expect(parseScrubDays(" ")).toEqual({ ok: true, days: null });
    expect(parseScrubDays("30")).toEqual({ ok: true, days: 30 });
    expect(parseScrubDays("3650")).toEqual({ ok: true, days: 3650 });
    for (const bad of ["0", "3651", "1.5", "-3", "ten"]) {
      expect(parseScrubDays(bad)).toMatchObject({
        ok: false,
        error: expect.stringContaining("3650"),
      });
    }
  });
});

describe("ScrubAdmin", () => {
  afterEach(() => vi.useRealTimers());

  it("shows a readable error for a bad number and saves a good one", async () => {
    const api = fakeApi(null);
    render(() => <ScrubAdmin api={api} />);
    const checkbox = await screen.findByLabelText("Scrub internal chat messages");
    expect(screen.getByRole("button", { name: "Preview" })).toHaveProperty("disabled", true);
    fireEvent.click(checkbox);
    const field = screen.getByLabelText(DAYS);
    fireEvent.input(field, { target: { value: "0" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toContain("from 1 to 3650");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(api.saveAdminSettings).not.toHaveBeenCalled();

    fireEvent.input(field, { target: { value: "45" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Saved.");
    expect(api.saveAdminSettings).toHaveBeenCalledWith({ scrub_days: 45 });
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Preview" })).toHaveProperty("disabled", false),
    );
  });

  it("previews as a table and lists a started run until it finishes", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = fakeApi(30);
    render(() => <ScrubAdmin api={api} />);
    expect(((await screen.findByLabelText(DAYS)) as HTMLInputElement).value).toBe("30");
    await screen.findByText("No scrub runs yet.");

    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    const table = await screen.findByRole("table", { name: "Scrub preview" });
    expect(table.textContent).toContain("Circulation");
    expect(table.textContent).toContain("Department");

    vi.mocked(api.scrubRuns).mockResolvedValue({ runs: [run()] });
    fireEvent.click(screen.getByRole("button", { name: "Run now" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Delete chat history?" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete history" }));
    await screen.findByText(/^Running/);
    vi.mocked(api.scrubRuns).mockResolvedValue({
      runs: [run({ status: "succeeded", finished_at: "2026-11-28T10:01:00Z", events_purged: 4 })],
    });
    await vi.advanceTimersByTimeAsync(2_100);
    await screen.findByText(/^Succeeded/);
    expect(screen.getByText(/4 events purged/)).toBeTruthy();
    const calls = vi.mocked(api.scrubRuns).mock.calls.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(vi.mocked(api.scrubRuns).mock.calls.length).toBe(calls);
  });
});

describe("AppShell's Admin tab", () => {
  const base = {
    brand: "Staffroom",
    userId: "@dana:staffroom.local",
    syncStatus: "online" as const,
    orgNotice: null,
    onRetryOrg: () => undefined,
    onSignOut: () => Promise.resolve(),
    chats: <p>chat list</p>,
    admin: <p>admin page</p>,
  };

  it("is there for admins, next to Chats, and opens the admin content", () => {
    render(() => <AppShell {...base} isAdmin={true} />);
    const tab = screen.getByRole("tab", { name: "Admin" });
    fireEvent.click(tab);
    expect(tab.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByText("admin page")).toBeTruthy();
    expect(screen.queryByText("chat list")).toBeNull();
  });

  it("is not there for others", () => {
    render(() => <AppShell {...base} isAdmin={false} />);
    expect(screen.queryByRole("tab", { name: "Admin" })).toBeNull();
  });
});
