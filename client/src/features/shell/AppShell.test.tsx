import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { InternalChatList } from "../chats/InternalChatList.tsx";
import { AppShell, type AppShellProps } from "./AppShell.tsx";

function renderShell(overrides: Partial<AppShellProps> = {}) {
  const props: AppShellProps = {
    brand: "Staffroom",
    userId: "@alice:staffroom.local",
    isAdmin: false,
    syncStatus: "online",
    orgNotice: null,
    onRetryOrg: () => undefined,
    onSignOut: () => Promise.resolve(),
    chats: null,
    ...overrides,
  };
  // Created inside render so its computations belong to the rendered root.
  const chats = () => (
    <InternalChatList
      list={{ departments: [], allStaff: null, operators: [] }}
      loading={false}
      error={null}
      onRetry={() => undefined}
      selectedKey={null}
      busyKey={null}
      openError={null}
      onSelect={() => undefined}
      internalTab={false}
      onInternalTabChange={() => undefined}
    />
  );
  render(() => <AppShell {...props} chats={chats()} />);
  return props;
}

describe("AppShell", () => {
  it("shows who is signed in, the selected Chats tab and the Internal Chat groups", () => {
    renderShell();
    expect(screen.getByText("@alice:staffroom.local")).toBeTruthy();
    expect(screen.getByRole("tab", { name: "Chats" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("heading", { level: 2, name: "Internal Chat" })).toBeTruthy();
    for (const group of ["Departments", "Operators"]) {
      expect(screen.getByRole("heading", { level: 3, name: group })).toBeTruthy();
    }
    expect(screen.getByText("No departments yet")).toBeTruthy();
    expect(screen.getByText("Online")).toBeTruthy();
    expect(screen.queryByText("Admin")).toBeNull();
  });

  it("marks admins and explains when org features are unavailable", () => {
    const onRetryOrg = vi.fn();
    renderShell({ isAdmin: true, orgNotice: "Can't reach the Staffroom service.", onRetryOrg });
    expect(screen.getByText("Admin")).toBeTruthy();
    expect(screen.getByText(/unavailable right now/).closest("[role=status]")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetryOrg).toHaveBeenCalledOnce();
  });

  it("moves Internal Chat into its own tab when the setting is on", () => {
    renderShell({ internalTab: true, status: "status control" });
    expect(screen.getByText("status control")).toBeTruthy();
    const internal = screen.getByRole("tab", { name: "Internal" });
    expect(screen.getByText("Internal Chat has its own tab")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Internal Chat" })).toBeNull();
    fireEvent.click(internal);
    expect(internal.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe(internal.id);
    expect(screen.getByRole("heading", { name: "Internal Chat" })).toBeTruthy();
  });

  it("has only the Chats tab by default", () => {
    renderShell();
    expect(screen.getAllByRole("tab").map((tab) => tab.textContent)).toEqual(["Chats"]);
  });

  it("shows a lost connection in words", () => {
    renderShell({ syncStatus: "reconnecting" });
    expect(screen.getByText("Connection lost — retrying…")).toBeTruthy();
  });

  it("signs out through the callback", async () => {
    const onSignOut = vi.fn(() => Promise.resolve());
    renderShell({ onSignOut });
    fireEvent.click(screen.getByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(onSignOut).toHaveBeenCalledOnce());
  });
});
