import type { Knex } from "knex";
import { detectAnswerFormat, renderAnswer } from "../faq/answerHtml.ts";
import {
  FaqConflictError,
  type FaqEntry,
  type FaqEntryInput,
  type FaqGroup,
  type FaqStore,
} from "../faq/ports.ts";

type GroupRow = {
  id: number;
  name: string;
  description: string;
  visibility: string;
  updated_at: unknown;
};

/** A `faq_entries` row joined with its group's name. */
export type EntryRow = {
  entry_id: string;
  group_name: string;
  question: string;
  answer: string;
  answer_format: string;
  answer_html: string;
  answer_text: string;
  url: string;
  keywords: string;
  updated_at: unknown;
};

// Rows per INSERT … ON CONFLICT: well under SQLite's 32,766 bound parameters (11 per row).
const BATCH = 500;

/** `defaultTo(now())` timestamps: a UTC "YYYY-MM-DD HH:MM:SS" string on SQLite, a Date on PostgreSQL. */
export function readTimestamp(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "string") return new Date(`${value.replace(" ", "T")}Z`);
  if (typeof value === "number") return new Date(value);
  return new Date(Number.NaN);
}

const toGroup = (row: GroupRow): FaqGroup => ({
  id: Number(row.id),
  name: row.name,
  description: row.description,
  visibility: row.visibility === "internal" ? "internal" : "public",
  updatedAt: readTimestamp(row.updated_at),
});

/** Maps a joined entry row to the domain type. */
export const toEntry = (row: EntryRow): FaqEntry => ({
  id: row.entry_id,
  group: row.group_name,
  question: row.question,
  answer: row.answer,
  answerFormat: row.answer_format === "html" ? "html" : "markdown",
  answerHtml: row.answer_html,
  answerText: row.answer_text,
  url: row.url,
  keywords: row.keywords,
  updatedAt: readTimestamp(row.updated_at),
});

/** The columns of {@link EntryRow}, for joins on `faq_entries as e` and `faq_groups as g`. */
export const ENTRY_COLUMNS = [
  "e.entry_id",
  "g.name as group_name",
  "e.question",
  "e.answer",
  "e.answer_format",
  "e.answer_html",
  "e.answer_text",
  "e.url",
  "e.keywords",
  "e.updated_at",
] as const;

/** The FAQ tables (migration 0004) as a {@link FaqStore}; SQLite and PostgreSQL. */
export function makeFaqStore(db: Knex): FaqStore {
  const entries = () =>
    db("faq_entries as e").join("faq_groups as g", "g.id", "e.group_id").select(ENTRY_COLUMNS);

  async function groupBy(where: Record<string, unknown>): Promise<FaqGroup | undefined> {
    const row = (await db("faq_groups").where(where).first()) as GroupRow | undefined;
    return row === undefined ? undefined : toGroup(row);
  }

  return {
    async listGroups() {
      return ((await db("faq_groups").orderBy("name")) as GroupRow[]).map(toGroup);
    },
    getGroup: (name) => groupBy({ name }),
    getGroupById: (id) => groupBy({ id }),

    async createGroup(input) {
      if ((await groupBy({ name: input.name })) !== undefined) {
        throw new FaqConflictError(`a FAQ group named ${input.name} already exists`);
      }
      const [row] = (await db("faq_groups").insert(input).returning("id")) as { id: number }[];
      const group = await groupBy({ id: row?.id });
      if (group === undefined) throw new Error("faq_groups insert returned no row");
      return group;
    },

    async updateGroup(id, input) {
      if (input.name !== undefined) {
        const other = await groupBy({ name: input.name });
        if (other !== undefined && other.id !== id) {
          throw new FaqConflictError(`a FAQ group named ${input.name} already exists`);
        }
      }
      const changed = await db("faq_groups")
        .where({ id })
        .update({ ...input, updated_at: db.fn.now() });
      return changed === 0 ? undefined : groupBy({ id });
    },

    async deleteGroup(id) {
      // Entries go with it (ON DELETE CASCADE; SQLite has foreign keys on, see knexFactory).
      return (await db("faq_groups").where({ id }).delete()) > 0;
    },

    async listEntries(groupId, page = { limit: 1000, offset: 0 }) {
      const rows = (await entries()
        .where("e.group_id", groupId)
        .orderBy("e.entry_id")
        .limit(page.limit)
        .offset(page.offset)) as EntryRow[];
      return rows.map(toEntry);
    },

    async countEntries(groupId) {
      const row = (await db("faq_entries")
        .where({ group_id: groupId })
        .count({ n: "*" })
        .first()) as { n: number | string } | undefined;
      return Number(row?.n ?? 0);
    },

    async getEntry(groupId, id) {
      const row = (await entries().where({ "e.group_id": groupId, "e.entry_id": id }).first()) as
        EntryRow | undefined;
      return row === undefined ? undefined : toEntry(row);
    },

    async findEntries(id, groups) {
      if (groups.length === 0) return [];
      const rows = (await entries()
        .where("e.entry_id", id)
        .whereIn("g.name", [...groups])
        .orderBy("g.name")) as EntryRow[];
      return rows.map(toEntry);
    },

    async upsertEntries(groupId, rows, onProgress) {
      return db.transaction(async (trx) => {
        // Write first: on SQLite the transaction then holds the write lock from the start, and
        // another process writing the same file (the running appservice, while
        // `staffroom faq import` runs) is waited for (busy_timeout). Reading first and writing
        // later fails at once with SQLITE_BUSY when the other process wrote in between.
        await trx("faq_groups").where({ id: groupId }).update({ updated_at: trx.fn.now() });
        const existing = new Set(
          (
            (await trx("faq_entries").where({ group_id: groupId }).select("entry_id")) as {
              entry_id: string;
            }[]
          ).map((row) => row.entry_id),
        );
        let created = 0;
        for (let start = 0; start < rows.length; start += BATCH) {
          const batch = rows.slice(start, start + BATCH).map((row) => toDbRow(groupId, row));
          for (const row of batch) if (!existing.has(row.entry_id)) created++;
          await trx("faq_entries")
            .insert(batch)
            .onConflict(["group_id", "entry_id"])
            .merge([
              "question",
              "answer",
              "answer_format",
              "answer_html",
              "answer_text",
              "url",
              "keywords",
              "updated_at",
            ]);
          onProgress?.(Math.min(start + BATCH, rows.length));
        }
        return { created, updated: rows.length - created };
      });
    },

    async deleteEntry(groupId, id) {
      return (await db("faq_entries").where({ group_id: groupId, entry_id: id }).delete()) > 0;
    },
  };
}

function toDbRow(groupId: number, row: FaqEntryInput) {
  const format = row.answerFormat ?? detectAnswerFormat(row.answer);
  const rendered = renderAnswer(row.answer, format);
  return {
    group_id: groupId,
    entry_id: row.id,
    question: row.question,
    answer: row.answer,
    answer_format: format,
    answer_html: rendered.html,
    answer_text: rendered.text,
    url: row.url,
    keywords: row.keywords,
    // A literal, not now(): the same statement value on both databases inside one batch.
    updated_at: new Date(),
  };
}
