import type { DirectoryResponse } from "@staffroom/appservice/contract";
import { createRoot } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/apiError.ts";
import { createDirectory } from "./createDirectory.ts";

const answer: DirectoryResponse = {
  departments: [],
  all_staff_room_id: "!all",
  space_id: null,
  operators: [],
};

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("createDirectory", () => {
  it("reports loading, then a readable error, and loads on retry", async () => {
    const directory = vi
      .fn<() => Promise<DirectoryResponse>>()
      .mockRejectedValueOnce(new ApiError(0, "STAFFROOM_NETWORK", "Can't reach the service."))
      .mockResolvedValueOnce(answer);
    await createRoot(async (dispose) => {
      const dir = createDirectory({ directory });
      expect(dir.loading()).toBe(true);
      expect(dir.value()).toBeUndefined();
      await settle();
      expect(dir.loading()).toBe(false);
      expect(dir.error()).toBe("Can't reach the service.");
      expect(dir.value()).toBeUndefined();

      dir.refresh();
      await settle();
      expect(dir.error()).toBeNull();
      expect(dir.value()).toEqual(answer);
      expect(directory).toHaveBeenCalledTimes(2);
      dispose();
    });
  });

  it("hides messages that were not written for people", async () => {
    await createRoot(async (dispose) => {
      const dir = createDirectory({
        directory: () => Promise.reject(new TypeError("x is undefined")),
      });
      await settle();
      expect(dir.error()).toBe("The staff directory could not be loaded.");
      dispose();
    });
  });
});
