import { z } from "zod";

// FAQ part of the HTTP contract, re-exported by contract.ts for the web client.
// zod only (and the pure share builder), no Node imports.

export {
  buildFaqShareContent,
  FAQ_SHARE_KEY,
  readFaqShareRef,
  type FaqShareContent,
  type FaqShareRef,
} from "../faq/faqMessage.ts";

/** `public` (all staff) or `internal` (operators only): see docs/faq.md. */
export const faqVisibilitySchema = z.enum(["public", "internal"]);

/** `GET /api/faq/search` query. `q` may be anything: it is tokenised, never passed raw. */
export const faqSearchQuerySchema = z.object({
  q: z.string().default(""),
  group: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** One search hit. `snippet` and `answer` are sanitised HTML (`<mark>` around matches). */
export const faqSearchResultSchema = z.object({
  id: z.string(),
  group: z.string(),
  question: z.string(),
  snippet: z.string(),
  answer: z.string(),
  /** Plain text of the answer (for message bodies). */
  answer_text: z.string(),
  url: z.string(),
  score: z.number(),
});
/** A search hit. */
export type FaqSearchResult = z.infer<typeof faqSearchResultSchema>;

/** `GET /api/faq/search` answer, best first. */
export const faqSearchResponseSchema = z.object({ results: z.array(faqSearchResultSchema) });
/** Response of `GET /api/faq/search`. */
export type FaqSearchResponse = z.infer<typeof faqSearchResponseSchema>;

/** A FAQ group as the API shows it. */
export const faqGroupSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  visibility: faqVisibilitySchema,
  entries: z.number().int(),
  updated_at: z.string(),
});
/** A FAQ group. */
export type FaqGroupView = z.infer<typeof faqGroupSchema>;

/** `GET /api/faq/groups` and `GET /api/admin/faq/groups`. */
export const faqGroupsResponseSchema = z.object({ groups: z.array(faqGroupSchema) });
/** Response of the group lists. */
export type FaqGroupsResponse = z.infer<typeof faqGroupsResponseSchema>;

/** `POST /api/admin/faq/groups` body. */
export const faqGroupCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(""),
  visibility: faqVisibilitySchema.default("public"),
});
/** `PATCH /api/admin/faq/groups/{id}` body: any of the fields. */
export const faqGroupUpdateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  visibility: faqVisibilitySchema.optional(),
});

/** A FAQ entry as the admin API shows it. */
export const faqEntrySchema = z.object({
  id: z.string(),
  group: z.string(),
  question: z.string(),
  /** As written. */
  answer: z.string(),
  answer_format: z.enum(["markdown", "html"]),
  /** Sanitised rendering of `answer`. */
  answer_html: z.string(),
  url: z.string(),
  keywords: z.string(),
  updated_at: z.string(),
});
/** A FAQ entry. */
export type FaqEntryView = z.infer<typeof faqEntrySchema>;

/** `GET /api/admin/faq/groups/{id}/entries` answer. */
export const faqEntriesResponseSchema = z.object({
  entries: z.array(faqEntrySchema),
  total: z.number().int(),
});

/** Response of `GET /api/admin/faq/groups/{id}/entries`. */
export type FaqEntriesResponse = z.infer<typeof faqEntriesResponseSchema>;

/** `POST …/entries` (with `id`) and `PUT …/entries/{id}` body. */
export const faqEntryWriteSchema = z.strictObject({
  id: z.string().optional(),
  question: z.string(),
  answer: z.string(),
  answer_format: z.enum(["markdown", "html"]).optional(),
  url: z.string().default(""),
  keywords: z.string().default(""),
});

/** Body of an entry write. */
export type FaqEntryWrite = z.input<typeof faqEntryWriteSchema>;
/** Body of `POST /api/admin/faq/groups`. */
export type FaqGroupCreate = z.input<typeof faqGroupCreateSchema>;
/** Body of `PATCH /api/admin/faq/groups/{id}`. */
export type FaqGroupUpdate = z.input<typeof faqGroupUpdateSchema>;

/** One import problem: `line 7` / `item 3`, the field, what is wrong. */
export const faqImportErrorSchema = z.object({
  location: z.string(),
  field: z.string(),
  message: z.string(),
});
/** One import problem. */
export type FaqImportError = z.infer<typeof faqImportErrorSchema>;

/**
 * `POST /api/admin/faq/groups/{id}/import` answer (the body is the file: `text/csv`, or
 * `application/json` holding the array). 400 bodies add `errors` to `{errcode, error}`.
 */
export const faqImportResponseSchema = z.object({
  total: z.number().int(),
  imported: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  /** The first 100 problems (refused or skipped rows). */
  errors: z.array(faqImportErrorSchema),
  /** How many problems there are in all. */
  error_count: z.number().int(),
});
/** Response of an import. */
export type FaqImportResponse = z.infer<typeof faqImportResponseSchema>;

/**
 * The media type a caller puts in `Accept` to get an import's progress while it is written:
 * newline-delimited JSON, `{"progress":{"done","total"}}` lines, then one `{"result": …}` (the
 * {@link FaqImportResponse}) or `{"error":{"errcode","error"}}` line.
 */
export const FAQ_IMPORT_STREAM_TYPE = "application/x-ndjson";

/** One line of a streamed import answer (see {@link FAQ_IMPORT_STREAM_TYPE}). */
export type FaqImportStreamLine =
  | { progress: { done: number; total: number } }
  | { result: FaqImportResponse }
  | { error: { errcode: string; error: string } };

/** `GET /api/admin/faq/stats` answer. */
export const faqStatsResponseSchema = z.object({
  total_shares: z.number().int(),
  most_shared: z.array(
    z.object({
      id: z.string(),
      group: z.string(),
      question: z.string(),
      shares: z.number().int(),
      last_shared_at: z.string(),
    }),
  ),
  never_shared: z.array(z.object({ id: z.string(), group: z.string(), question: z.string() })),
  /** How many entries were never shared; `never_shared` lists the first `limit`. */
  never_shared_total: z.number().int(),
});
/** Response of `GET /api/admin/faq/stats`. */
export type FaqStatsResponse = z.infer<typeof faqStatsResponseSchema>;
