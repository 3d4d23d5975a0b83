import { describe, expect, it } from "vitest";
import { isRoomOpen, nextRoomStep, runStatusOf } from "../../src/retention/runState.ts";

describe("room steps", () => {
  it("go pending → scanned → purged → done", () => {
    expect(nextRoomStep("pending")).toBe("scanned");
    expect(nextRoomStep("scanned")).toBe("purged");
    expect(nextRoomStep("purged")).toBe("done");
  });

  it("have nothing after done or failed", () => {
    expect(() => nextRoomStep("done")).toThrow(/"done" has no next step/);
    expect(() => nextRoomStep("failed")).toThrow(/"failed" has no next step/);
    expect(isRoomOpen("done")).toBe(false);
    expect(isRoomOpen("failed")).toBe(false);
    expect(isRoomOpen("scanned")).toBe(true);
  });
});

describe("runStatusOf", () => {
  it("is running while any room is open", () => {
    expect(runStatusOf(["done", "purged"])).toBe("running");
    expect(runStatusOf(["failed", "pending"])).toBe("running");
  });

  it("is succeeded when every room is done, or there were none", () => {
    expect(runStatusOf(["done", "done"])).toBe("succeeded");
    expect(runStatusOf([])).toBe("succeeded");
  });

  it("is failed when every room failed, partial when some did", () => {
    expect(runStatusOf(["failed", "failed"])).toBe("failed");
    expect(runStatusOf(["done", "failed"])).toBe("partial");
  });
});
