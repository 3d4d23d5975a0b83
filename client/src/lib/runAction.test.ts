import { describe, expect, it, vi } from "vitest";
import { runAction } from "./runAction.ts";
import { UserFacingError } from "./userFacingError.ts";

describe("runAction", () => {
  it("returns the value of a successful action", async () => {
    await expect(runAction("Saving", () => Promise.resolve(42))).resolves.toEqual({
      ok: true,
      value: 42,
    });
  });

  it("shows user-facing messages as they are and reports them", async () => {
    const reporter = { report: vi.fn() };
    const outcome = await runAction(
      "Saving",
      () => Promise.reject(new UserFacingError("Disk full.")),
      reporter,
    );
    expect(outcome).toMatchObject({ ok: false, message: "Disk full." });
    expect(reporter.report).toHaveBeenCalledWith("Saving", "Disk full.");
  });

  it("hides internal errors behind a labelled fallback, also for sync throws", async () => {
    const outcome = await runAction("Saving", () => {
      throw new Error("undefined is not a function");
    });
    expect(outcome).toMatchObject({
      ok: false,
      message: "Saving failed unexpectedly. Please try again.",
    });
  });
});
