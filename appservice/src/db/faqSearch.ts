import type { Knex } from "knex";
import type { FaqHit, FaqSearch, FaqSearchQuery, FaqVisibility } from "../faq/ports.ts";
import {
  HIGHLIGHT,
  highlightToHtml,
  matchModes,
  toFts5Match,
  toTsQuery,
  tokenizeQuery,
  type MatchMode,
  type SearchTokens,
} from "../faq/searchQuery.ts";
import { isPostgres } from "./migrations/0004_faq.ts";

// Ranked FAQ search, one port with two adapters chosen by the database client. Both weight
// question > keywords > answer, match every word (all but one from three words on, full
// matches ranking first) and fall back to any word when nothing matches (people type sentences
// into `!faq`), and only ever see tokenised, quoted input.

type HitRow = {
  entry_id: string;
  group_name: string;
  question: string;
  answer: string;
  answer_html: string;
  answer_text: string;
  url: string;
  snippet: string | null;
  score: number | string;
};

const toHit = (row: HitRow): FaqHit => ({
  id: row.entry_id,
  group: row.group_name,
  question: row.question,
  snippet: highlightToHtml(row.snippet ?? ""),
  answer: row.answer,
  answerHtml: row.answer_html,
  answerText: row.answer_text,
  url: row.url,
  // Six significant digits: bm25 scores on small tables are tiny but still ordered.
  score: Number(Number(row.score).toPrecision(6)),
});

/** The search adapter for this database: FTS5 + bm25 on SQLite, tsvector + ts_rank on Postgres. */
export function makeFaqSearch(db: Knex): FaqSearch {
  const run = isPostgres(db) ? postgresQuery(db) : sqliteQuery(db);
  return {
    async search(query) {
      const tokens = tokenizeQuery(query.q);
      if (tokens.tokens.length === 0 || query.visibilities.length === 0) return [];
      let rows: HitRow[] = [];
      for (const mode of matchModes(tokens)) {
        rows = await run(query, tokens, mode);
        if (rows.length > 0) break;
      }
      return rows.map(toHit);
    },
  };
}

type Runner = (query: FaqSearchQuery, tokens: SearchTokens, mode: MatchMode) => Promise<HitRow[]>;

const ALL_VISIBILITIES: readonly FaqVisibility[] = ["public", "internal"];

function sqliteQuery(db: Knex): Runner {
  return async (query, tokens, mode) => {
    const match = toFts5Match(tokens, mode);
    const visibilities = [...query.visibilities];
    // bm25 is lower-is-better; weights follow the column order question, answer_text, keywords.
    // Rank every match in the CTE, but build snippets (the expensive part) only for the few
    // rows returned: SQLite would otherwise compute them for every match before sorting.
    // When every group is visible (today: everyone allowed to search), rank inside the FTS
    // table alone: two lookups per match for a filter that keeps every row are most of the
    // cost of a common word.
    const everyGroup =
      query.group === undefined && ALL_VISIBILITIES.every((v) => visibilities.includes(v));
    const filter = everyGroup
      ? ""
      : `AND faq_fts.rowid IN (SELECT e.row_id FROM faq_entries e JOIN faq_groups g ON g.id = e.group_id
           WHERE g.visibility IN (${visibilities.map(() => "?").join(", ")})
           ${query.group === undefined ? "" : "AND g.name = ?"})`;
    const rows = await db.raw(
      `WITH hits AS (
         SELECT faq_fts.rowid AS rid, bm25(faq_fts, 10.0, 1.0, 4.0) AS rank
         FROM faq_fts
         WHERE faq_fts MATCH ? ${filter}
         ORDER BY rank, faq_fts.rowid
         LIMIT ?
       )
       SELECT e.entry_id, g.name AS group_name, e.question, e.answer, e.answer_html,
         e.answer_text, e.url, snippet(faq_fts, -1, ?, ?, '…', 16) AS snippet, -hits.rank AS score
       FROM hits JOIN faq_fts ON faq_fts.rowid = hits.rid
         JOIN faq_entries e ON e.row_id = hits.rid JOIN faq_groups g ON g.id = e.group_id
       WHERE faq_fts MATCH ?
       ORDER BY hits.rank, hits.rid`,
      [
        match,
        ...(everyGroup ? [] : visibilities),
        ...(everyGroup || query.group === undefined ? [] : [query.group]),
        query.limit,
        HIGHLIGHT.start,
        HIGHLIGHT.end,
        match,
      ],
    );
    return rows as HitRow[];
  };
}

function postgresQuery(db: Knex): Runner {
  return async (query, tokens, mode) => {
    const tsquery = toTsQuery(tokens, mode);
    const options = `StartSel=${HIGHLIGHT.start}, StopSel=${HIGHLIGHT.end}, MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=" … "`;
    // As on SQLite: no group lookups when every group is visible.
    const everyGroup =
      query.group === undefined && ALL_VISIBILITIES.every((v) => query.visibilities.includes(v));
    const filter = everyGroup
      ? ""
      : `AND e.group_id IN (SELECT g.id FROM faq_groups g WHERE g.visibility = ANY(?)
           ${query.group === undefined ? "" : "AND g.name = ?"})`;
    // Rank on the index first (a CTE limits the rows), headline only the few returned:
    // ts_headline re-parses the document and is the expensive part.
    const rows = await db.raw(
      `WITH q AS (SELECT to_tsquery('english', ?) AS query),
       hits AS (
         SELECT e.row_id, ts_rank(e.search, q.query, 1) AS score
         FROM faq_entries e, q
         WHERE e.search @@ q.query ${filter}
         ORDER BY score DESC, e.row_id
         LIMIT ?
       )
       SELECT e.entry_id, g.name AS group_name, e.question, e.answer, e.answer_html, e.answer_text, e.url,
         ts_headline('english', e.question || ' — ' || e.answer_text, q.query, ?) AS snippet,
         hits.score
       FROM hits JOIN faq_entries e ON e.row_id = hits.row_id
         JOIN faq_groups g ON g.id = e.group_id, q
       ORDER BY hits.score DESC, hits.row_id`,
      [
        tsquery,
        ...(everyGroup ? [] : [[...query.visibilities]]),
        ...(everyGroup || query.group === undefined ? [] : [query.group]),
        query.limit,
        options,
      ],
    );
    return (rows as { rows: HitRow[] }).rows;
  };
}
