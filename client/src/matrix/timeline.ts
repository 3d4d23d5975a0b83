import type { Accessor } from "solid-js";
import type { TimelineItem } from "./timelineItems.ts";

/** How many events one "Load more history" asks the server for. */
export const PAGE_SIZE = 40;

/**
 * How many pages {@link Timeline.reveal} goes back looking for an event before it asks the
 * server for the stretch around it (`/context`) instead.
 */
export const REVEAL_PAGES = 2;

/** How far back {@link Timeline.reveal} pages for a thread message, which has no `/context` stretch. */
export const THREAD_REVEAL_PAGES = 25;

/** Whether the room is known to the client yet (a just-created DM may still be syncing). */
export type TimelineStatus = "loading" | "ready";

/** A room's timeline as view data, live, as `createTimeline` builds it. */
export interface Timeline {
  /** Messages, oldest first (a store: unchanged items keep their identity between updates). */
  readonly items: readonly TimelineItem[];
  status: Accessor<TimelineStatus>;
  /** The room has `m.room.encryption`: this client (no crypto) cannot read new messages. */
  encrypted: Accessor<boolean>;
  /** Older history exists on the server. */
  canPaginateBack: Accessor<boolean>;
  /**
   * The newest messages are shown. False while reading a stretch of older history opened at one
   * message (a search result, a reply's original far up): new messages do not join it then.
   */
  live: Accessor<boolean>;
  /** Newer messages than those shown exist (only away from the live end). */
  canPaginateForward: Accessor<boolean>;
  /** A page of history is being fetched. */
  paginating: Accessor<boolean>;
  /** Display names of the others typing right now. */
  typing: Accessor<readonly string[]>;
  /** The signed-in person may delete others' messages (the room's `redact` power level). */
  canRedactOthers: Accessor<boolean>;
  /** The event the person has read up to (`m.fully_read`), as far as this client knows. */
  fullyRead: Accessor<string | undefined>;
  /**
   * Where the messages after an event start (reactive, follows {@link Timeline.items}).
   * @param eventId - any event of the room (the read marker may be a reaction or a state event)
   * @returns the index in `items` of the first message after it (`items.length` when none is),
   *   or undefined when the event is not loaded (further up, or unknown)
   */
  indexAfter(eventId: string): number | undefined;
  /**
   * Loads one page of older messages into {@link Timeline.items}.
   * @throws UserFacingError when the server could not be asked
   */
  paginateBack(): Promise<void>;
  /**
   * Loads one page of newer messages after those shown (away from the live end); the timeline
   * becomes live again once they meet the newest ones.
   * @throws UserFacingError when the server could not be asked
   */
  paginateForward(): Promise<void>;
  /** Shows the newest messages again (leaves a stretch opened at an older message). */
  showLatest(): void;
  /**
   * Brings the event among {@link Timeline.items}: a page or two back when it is close,
   * otherwise the stretch of history around it, fetched from the server (`/context`).
   * @param eventId - the event to bring in
   * @returns false when the room's history no longer holds it
   * @throws UserFacingError when the server could not be asked
   */
  reveal(eventId: string): Promise<boolean>;
  /**
   * Sends a read receipt for the newest message unless the server already has one for it.
   * @returns true when a receipt was sent
   * @throws UserFacingError when the server refused or could not be reached
   */
  markRead(): Promise<boolean>;
  /**
   * Sends a failed message again.
   * @param key - the item's `key`
   * @throws UserFacingError when it fails again
   */
  retry(key: string): Promise<void>;
}
