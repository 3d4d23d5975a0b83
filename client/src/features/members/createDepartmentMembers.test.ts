import { createRoot, createSignal } from "solid-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/apiError.ts";
import { createDepartmentMembers } from "./createDepartmentMembers.ts";

const answer = (presence: "online" | "unavailable") => ({
  department: { id: "ref", name: "Reference" },
  members: [{ user_id: "@a:x", display_name: "A", is_admin: false, presence }],
});

afterEach(() => vi.useRealTimers());

describe("createDepartmentMembers", () => {
  it("loads on open, refreshes while open, stops when closed or disposed", async () => {
    vi.useFakeTimers();
    const load = vi
      .fn()
      .mockResolvedValueOnce(answer("online"))
      .mockResolvedValue(answer("unavailable"));
    await createRoot(async (dispose) => {
      const [open, setOpen] = createSignal(false);
      const members = createDepartmentMembers(load, open, 1000);
      // Out of the root's first batch, so the effect reacts at once.
      await Promise.resolve();
      expect(load).not.toHaveBeenCalled();
      setOpen(true);
      expect(members.loading()).toBe(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(members.data()?.members[0]?.presence).toBe("online");
      await vi.advanceTimersByTimeAsync(1000);
      expect(members.data()?.members[0]?.presence).toBe("unavailable");
      setOpen(false);
      const calls = load.mock.calls.length;
      await vi.advanceTimersByTimeAsync(5000);
      expect(load.mock.calls.length).toBe(calls);
      dispose();
    });
  });

  it("shows a readable error and keeps the last list", async () => {
    const load = vi
      .fn()
      .mockResolvedValueOnce(answer("online"))
      .mockRejectedValue(
        new ApiError(0, "STAFFROOM_NETWORK", "Can't reach the Staffroom service."),
      );
    await createRoot(async (dispose) => {
      const members = createDepartmentMembers(load, () => true, 60_000);
      await vi.waitFor(() => expect(members.data()).toBeDefined());
      await members.refresh();
      expect(members.error()).toBe("Can't reach the Staffroom service.");
      expect(members.data()?.members).toHaveLength(1);
      dispose();
    });
  });
});
