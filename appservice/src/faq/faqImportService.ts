import { parseFaqFile, type FaqFileFormat, type FaqRowError } from "./faqImport.ts";
import type { FaqStore } from "./ports.ts";

/** What an import did, or why it did nothing. */
export type FaqImportOutcome = {
  /** False when the file had problems and `skipInvalid` was not set: nothing was written. */
  applied: boolean;
  total: number;
  imported: number;
  created: number;
  updated: number;
  skipped: number;
  /** The first 100 problems. */
  errors: FaqRowError[];
  /** How many problems the file has in all. */
  errorCount: number;
};

/** Options of {@link importFaqText}. */
export type FaqImportOptions = {
  format: FaqFileFormat;
  /** Import the valid rows even when some are bad (they are reported and skipped). */
  skipInvalid?: boolean;
  /** Rows written so far, after each batch. */
  onProgress?: (done: number, total: number) => void;
};

/**
 * Validates a whole file, then writes it in one transaction (re-import updates by id). With
 * any bad row and no `skipInvalid`, nothing is written and the problems are returned (the
 * first 100, and how many in all).
 */
export async function importFaqText(
  store: Pick<FaqStore, "upsertEntries">,
  groupId: number,
  text: string,
  options: FaqImportOptions,
): Promise<FaqImportOutcome> {
  const parsed = parseFaqFile(text, options.format);
  const outcome = {
    total: parsed.total,
    errors: parsed.errors,
    errorCount: parsed.errorCount,
    created: 0,
    updated: 0,
  };
  // A file-level problem (bad header, broken quote, not JSON) is never skippable.
  const fileBroken = parsed.errors.some((e) => e.field === "(file)");
  if (parsed.errorCount > 0 && (options.skipInvalid !== true || fileBroken)) {
    return { ...outcome, applied: false, imported: 0, skipped: 0 };
  }
  const counts = await store.upsertEntries(groupId, parsed.rows, (done) =>
    options.onProgress?.(done, parsed.rows.length),
  );
  return {
    ...outcome,
    ...counts,
    applied: true,
    imported: parsed.rows.length,
    skipped: parsed.total - parsed.rows.length,
  };
}
