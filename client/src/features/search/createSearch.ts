import { createSignal, type Accessor } from "solid-js";
import { runAction } from "../../lib/runAction.ts";
import type { SearchHit, SearchPage } from "../../matrix/searchQuery.ts";

/** Where a search is. */
export type SearchState =
  | { status: "idle" }
  | { status: "empty-query" }
  | { status: "searching" }
  | {
      status: "done";
      term: string;
      hits: readonly SearchHit[];
      highlights: readonly string[];
      count: number;
      more: boolean;
    }
  | { status: "failed"; message: string };

/** The search port: `searchMessages` in the app, a fake in tests. */
export type SearchPort = (query: {
  term: string;
  roomId?: string;
  nextBatch?: string;
}) => Promise<SearchPage>;

/** A message search; see {@link createSearch}. */
export interface Search {
  state: Accessor<SearchState>;
  /** A further page is being fetched. */
  loadingMore: Accessor<boolean>;
  /** Searches anew (all chats, or one). */
  run(term: string, roomId?: string): Promise<void>;
  /** Appends the next page of the current search. */
  more(): Promise<void>;
  /** The error of the last "Load more results", if it failed. */
  moreError: Accessor<string | null>;
}

/**
 * The state of the message search: an empty query says so without asking the server, a newer
 * search always wins over a slower older one, and further pages append (`next_batch`).
 * @param port - see {@link SearchPort}
 * @returns a {@link Search}
 */
export function createSearch(port: SearchPort): Search {
  const [state, setState] = createSignal<SearchState>({ status: "idle" });
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [moreError, setMoreError] = createSignal<string | null>(null);
  let current: { term: string; roomId?: string; nextBatch?: string } | undefined;
  let asked = 0;
  return {
    state,
    loadingMore,
    moreError,
    async run(term, roomId) {
      const ask = ++asked;
      const words = term.trim();
      setMoreError(null);
      if (words === "") {
        current = undefined;
        return void setState({ status: "empty-query" });
      }
      setState({ status: "searching" });
      const outcome = await runAction("Searching messages", () =>
        port({ term: words, ...(roomId === undefined ? {} : { roomId }) }),
      );
      if (ask !== asked) return;
      if (!outcome.ok) return void setState({ status: "failed", message: outcome.message });
      const page = outcome.value;
      current = {
        term: words,
        ...(roomId === undefined ? {} : { roomId }),
        ...(page.nextBatch ? { nextBatch: page.nextBatch } : {}),
      };
      setState({
        status: "done",
        term: words,
        hits: page.hits,
        highlights: page.highlights,
        count: page.count,
        more: page.nextBatch !== undefined,
      });
    },
    async more() {
      const shown = state();
      const query = current;
      if (shown.status !== "done" || !query?.nextBatch || loadingMore()) return;
      const ask = asked;
      setLoadingMore(true);
      setMoreError(null);
      const outcome = await runAction("Loading more results", () => port(query));
      setLoadingMore(false);
      if (ask !== asked) return;
      if (!outcome.ok) return void setMoreError(outcome.message);
      const page = outcome.value;
      current = {
        ...query,
        ...(page.nextBatch ? { nextBatch: page.nextBatch } : { nextBatch: undefined }),
      };
      setState({
        ...shown,
        hits: [...shown.hits, ...page.hits],
        highlights: [...new Set([...shown.highlights, ...page.highlights])],
        more: page.nextBatch !== undefined,
      });
    },
  };
}
