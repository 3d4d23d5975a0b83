import { createRoot, createSignal } from "solid-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFaqSearch, FAQ_SEARCH_DEBOUNCE_MS, type FaqHit } from "./createFaqSearch.ts";

const hit = (id: string): FaqHit => ({
  id,
  group: "Loans",
  question: `Q ${id}`,
  snippet: id,
  answer: `<p>${id}</p>`,
  answer_text: id,
  url: "",
  score: 1,
});

afterEach(() => vi.useRealTimers());

describe("createFaqSearch", () => {
  it("waits for a pause in typing and drops answers to older searches", async () => {
    vi.useFakeTimers();
    const pending: ((value: { results: FaqHit[] }) => void)[] = [];
    const search = vi.fn(
      () => new Promise<{ results: FaqHit[] }>((resolve) => pending.push(resolve)),
    );
    await createRoot(async (dispose) => {
      const [query, setQuery] = createSignal("re");
      const [group] = createSignal("");
      const faq = createFaqSearch(search, query, group);
      await Promise.resolve();
      setQuery("ren");
      setQuery("renew");
      await vi.advanceTimersByTimeAsync(FAQ_SEARCH_DEBOUNCE_MS);
      expect(search).toHaveBeenCalledTimes(1);
      expect(search).toHaveBeenLastCalledWith("renew", "");
      setQuery("wifi");
      await vi.advanceTimersByTimeAsync(FAQ_SEARCH_DEBOUNCE_MS);
      expect(search).toHaveBeenCalledTimes(2);
      pending[1]?.({ results: [hit("wifi")] });
      await vi.advanceTimersByTimeAsync(0);
      pending[0]?.({ results: [hit("renew")] }); // late answer to the older search
      await vi.advanceTimersByTimeAsync(0);
      expect(faq.results()?.map((h) => h.id)).toEqual(["wifi"]);
      expect(faq.loading()).toBe(false);
      dispose();
    });
  });

  it("shows a readable error and retries", async () => {
    vi.useFakeTimers();
    const search = vi
      .fn()
      .mockRejectedValueOnce(new Error("boom"))
      .mockResolvedValue({ results: [hit("a")] });
    await createRoot(async (dispose) => {
      const [query] = createSignal("a");
      const [group] = createSignal("Loans");
      const faq = createFaqSearch(search, query, group);
      await vi.advanceTimersByTimeAsync(FAQ_SEARCH_DEBOUNCE_MS);
      expect(faq.error()).toBeTruthy();
      faq.retry();
      await vi.advanceTimersByTimeAsync(0);
      expect(faq.error()).toBeNull();
      expect(faq.results()?.[0]?.id).toBe("a");
      expect(search).toHaveBeenLastCalledWith("a", "Loans");
      dispose();
    });
  });
});
