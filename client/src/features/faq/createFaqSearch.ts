import type { FaqSearchResponse } from "@staffroom/appservice/contract";
import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";
import { runAction } from "../../lib/runAction.ts";

/** A search hit as the dialog shows it. */
export type FaqHit = FaqSearchResponse["results"][number];

/** The state of {@link createFaqSearch}. */
export type FaqSearch = {
  results: Accessor<FaqHit[] | undefined>;
  loading: Accessor<boolean>;
  error: Accessor<string | null>;
  /** Runs the current search again at once (after an error). */
  retry(): void;
};

/** How long typing must pause before a search is sent. */
export const FAQ_SEARCH_DEBOUNCE_MS = 250;

/**
 * Searches FAQs as the person types: waits for a pause of {@link FAQ_SEARCH_DEBOUNCE_MS}, and
 * drops any answer that arrives after a newer search was started, so results never go back to
 * an older query.
 * @param search - the request, e.g. `(q, g) => api.faqSearch(q, g)`
 * @param query - the typed text
 * @param group - the chosen group name; empty for all groups
 * @returns a {@link FaqSearch}
 * @example
 * const search = createFaqSearch((q, g) => api.faqSearch(q, g), query, group);
 */
export function createFaqSearch(
  search: (q: string, group: string) => Promise<FaqSearchResponse>,
  query: Accessor<string>,
  group: Accessor<string>,
): FaqSearch {
  const [results, setResults] = createSignal<FaqHit[] | undefined>(undefined);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = async (q: string, g: string): Promise<void> => {
    const ticket = ++latest;
    setLoading(true);
    const outcome = await runAction("Searching FAQs", () => search(q, g));
    if (ticket !== latest) return; // a newer search owns the screen
    setLoading(false);
    if (outcome.ok) {
      setError(null);
      setResults(outcome.value.results);
    } else {
      setError(outcome.message);
    }
  };

  createEffect(
    on([query, group], ([q, g]) => {
      clearTimeout(timer);
      latest++; // whatever is in flight is now stale
      setLoading(true);
      timer = setTimeout(() => void run(q.trim(), g), FAQ_SEARCH_DEBOUNCE_MS);
    }),
  );
  onCleanup(() => {
    clearTimeout(timer);
    latest++;
  });

  return {
    results,
    loading,
    error,
    retry: () => {
      clearTimeout(timer);
      void run(query().trim(), group());
    },
  };
}
