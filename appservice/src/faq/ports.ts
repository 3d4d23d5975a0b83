import type { AnswerFormat } from "./answerHtml.ts";
import type { FaqRow } from "./faqImport.ts";

// The FAQ domain's data and ports. db/faqStore.ts, db/faqSearch.ts and db/faqShareStore.ts
// implement them with knex on SQLite and PostgreSQL.

/** Who may see a group: `public` (all staff) or `internal` (operators only; see docs/faq.md). */
export type FaqVisibility = "public" | "internal";

/** A FAQ group. `name` is unique and is what files, the API and messages call it. */
export type FaqGroup = {
  id: number;
  name: string;
  description: string;
  visibility: FaqVisibility;
  updatedAt: Date;
};

/** A FAQ entry. `id` is the file's id, unique within its group. */
export type FaqEntry = {
  id: string;
  group: string;
  question: string;
  /** The answer as given (Markdown or HTML). */
  answer: string;
  answerFormat: AnswerFormat;
  /** Sanitised HTML rendering of `answer`. */
  answerHtml: string;
  /** Plain text of `answer` (what search indexes and message bodies show). */
  answerText: string;
  url: string;
  keywords: string;
  updatedAt: Date;
};

/** A new or changed group. */
export type FaqGroupInput = { name: string; description: string; visibility: FaqVisibility };

/** An entry to write: a validated row plus, optionally, the answer's format. */
export type FaqEntryInput = FaqRow & { answerFormat?: AnswerFormat };

/** What an import did. */
export type FaqImportCounts = { created: number; updated: number };

/** Groups and entries. */
export interface FaqStore {
  listGroups(): Promise<FaqGroup[]>;
  getGroup(name: string): Promise<FaqGroup | undefined>;
  getGroupById(id: number): Promise<FaqGroup | undefined>;
  /** Creates a group; throws {@link FaqConflictError} when the name is taken. */
  createGroup(input: FaqGroupInput): Promise<FaqGroup>;
  /** Changes a group; undefined when there is none with this id. */
  updateGroup(id: number, input: Partial<FaqGroupInput>): Promise<FaqGroup | undefined>;
  /** Deletes a group and its entries; false when there was none. */
  deleteGroup(id: number): Promise<boolean>;
  /** Entries of a group, by id. */
  listEntries(groupId: number, page?: { limit: number; offset: number }): Promise<FaqEntry[]>;
  countEntries(groupId: number): Promise<number>;
  getEntry(groupId: number, id: string): Promise<FaqEntry | undefined>;
  /** Entries with this id in any of the groups named (for `!faq share <id>`). */
  findEntries(id: string, groups: readonly string[]): Promise<FaqEntry[]>;
  /**
   * Inserts or updates (by id) every row in one transaction: all or nothing.
   * `onProgress` is called after each batch with the rows written so far.
   */
  upsertEntries(
    groupId: number,
    rows: readonly FaqEntryInput[],
    onProgress?: (done: number) => void,
  ): Promise<FaqImportCounts>;
  deleteEntry(groupId: number, id: string): Promise<boolean>;
}

/** Thrown when a unique name is already taken. */
export class FaqConflictError extends Error {
  override readonly name = "FaqConflictError";
}

/** One search hit. `snippet` is safe HTML with `<mark>` around matches; higher score = better. */
export type FaqHit = {
  id: string;
  group: string;
  question: string;
  snippet: string;
  answer: string;
  answerHtml: string;
  answerText: string;
  url: string;
  score: number;
};

/** What to search. */
export type FaqSearchQuery = {
  q: string;
  /** Only this group (by name). */
  group?: string;
  /** Only groups with these visibilities. */
  visibilities: readonly FaqVisibility[];
  limit: number;
};

/** Ranked full-text search (SQLite FTS5 or PostgreSQL full text). */
export interface FaqSearch {
  search(query: FaqSearchQuery): Promise<FaqHit[]>;
}

/** A share seen in a room. */
export type FaqShare = {
  eventId: string;
  roomId: string;
  sender: string;
  faqId: string;
  group: string;
  at: Date;
};

/** Share counts per FAQ. */
export type FaqShareStats = {
  mostShared: { id: string; group: string; question: string; shares: number; lastSharedAt: Date }[];
  neverShared: { id: string; group: string; question: string }[];
  /** How many entries were never shared (`neverShared` holds the first `limit`). */
  neverSharedTotal: number;
  totalShares: number;
};

/** Recorded shares. */
export interface FaqShareStore {
  /** Records a share; false when this event was already recorded (transactions are retried). */
  record(share: FaqShare): Promise<boolean>;
  stats(limit: number): Promise<FaqShareStats>;
}
