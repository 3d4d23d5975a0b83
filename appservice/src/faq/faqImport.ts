import { clip, ErrorCollector } from "../api/errorList.ts";
import { CsvSyntaxError, readCsv, type CsvRecord } from "./csv.ts";

// Import files (CSV and JSON) → validated FAQ rows. Pure: text in, rows and problems out. The
// whole file is checked before anything is written, so a caller can refuse it as a unit. A
// broken file of any size keeps only its first 100 problems (and counts the rest).

/** Limits that keep one entry readable and the database sane. */
export const FAQ_LIMITS = {
  id: 100,
  question: 1_000,
  answer: 100_000,
  url: 2_000,
  keywords: 2_000,
} as const;

/** The columns every FAQ file must have (more are allowed and ignored). */
export const FAQ_COLUMNS = ["id", "question", "answer", "url", "keywords"] as const;

/** A valid FAQ row from a file (or the admin API). */
export type FaqRow = {
  id: string;
  question: string;
  answer: string;
  /** Empty when the row gives none. */
  url: string;
  /** Free text, e.g. "renew, loan, due date". */
  keywords: string;
};

/** One problem: where (CSV line or JSON item, 1-based), which field, and what is wrong. */
export type FaqRowError = {
  /** "line 7" (CSV) or "item 3" (JSON). */
  location: string;
  field: string;
  message: string;
};

/** What a parse found: the rows that are valid and the problems. */
export type FaqParseResult = {
  rows: FaqRow[];
  /** The first 100 problems, in file order. */
  errors: FaqRowError[];
  /** How many problems there are in all. */
  errorCount: number;
  /** Rows read from the file, valid or not. */
  total: number;
};

/** Which reader to use. */
export type FaqFileFormat = "csv" | "json";

/** Picks the format from a file name (`.json` → json, anything else → csv). */
export function formatFromFileName(name: string): FaqFileFormat {
  return name.toLowerCase().endsWith(".json") ? "json" : "csv";
}

/** Parses a file of either format. */
export function parseFaqFile(text: string, format: FaqFileFormat): FaqParseResult {
  return format === "json" ? parseFaqJson(text) : parseFaqCsv(text);
}

/**
 * Parses a CSV export with the header `id,question,answer,url,keywords` (any order, extra
 * columns ignored, header names case-insensitive). Each bad row is reported with its line.
 */
export function parseFaqCsv(text: string): FaqParseResult {
  try {
    return checkCsvRecords(readCsv(text));
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return fileBroken(`line ${error.line}`, error.message, 0);
  }
}

// One record at a time: a file of millions of bad rows holds only the first 100 problems.
function checkCsvRecords(records: Iterator<CsvRecord, void>): FaqParseResult {
  const header = records.next();
  if (header.done === true) return fileBroken("line 1", "the file is empty", 0);
  const names = header.value.fields.map((name) => name.trim().toLowerCase());
  const missing = FAQ_COLUMNS.filter((column) => !names.includes(column));
  let total = 0;
  if (missing.length > 0) {
    for (let r = records.next(); r.done !== true; r = records.next()) total++;
    const message = `the header lacks ${missing.join(", ")} (expected ${FAQ_COLUMNS.join(",")})`;
    return fileBroken("line 1", message, total);
  }
  const index = Object.fromEntries(FAQ_COLUMNS.map((c) => [c, names.indexOf(c)]));
  const checker = makeRowChecker();
  for (let r = records.next(); r.done !== true; r = records.next()) {
    total++;
    const raw: Record<string, unknown> = {};
    for (const column of FAQ_COLUMNS) raw[column] = r.value.fields[index[column] ?? -1] ?? "";
    checker.check(raw, `line ${r.value.line}`);
  }
  return { ...checker.result(), total };
}

/** Parses a JSON array of objects with the CSV's keys; `keywords` may also be a string array. */
export function parseFaqJson(text: string): FaqParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const reason = clip(error instanceof Error ? error.message : String(error), 200);
    return fileBroken("file", `not valid JSON (${reason})`, 0);
  }
  if (!Array.isArray(data)) return fileBroken("file", "expected an array of FAQ objects", 0);
  const checker = makeRowChecker();
  data.forEach((item: unknown, i) => {
    const location = `item ${i + 1}`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      checker.fail({ location, field: "(item)", message: "expected an object" });
      return;
    }
    const raw = { ...(item as Record<string, unknown>) };
    if (Array.isArray(raw["keywords"]) && raw["keywords"].every((k) => typeof k === "string")) {
      raw["keywords"] = raw["keywords"].join(", ");
    }
    checker.check(raw, location);
  });
  return { ...checker.result(), total: data.length };
}

/**
 * Validates one entry given as loose fields (the admin API uses it too). Returns the row or
 * the problems, each naming its field.
 */
export function checkFaqRow(
  raw: Record<string, unknown>,
  location: string,
): { row: FaqRow; errors: [] } | { row?: undefined; errors: FaqRowError[] } {
  const errors: FaqRowError[] = [];
  const text = (field: keyof typeof FAQ_LIMITS, required: boolean): string => {
    const value = raw[field] ?? "";
    if (typeof value !== "string" && typeof value !== "number") {
      errors.push({ location, field, message: "must be text" });
      return "";
    }
    const trimmed = String(value).trim();
    if (required && trimmed === "") errors.push({ location, field, message: "is required" });
    else if (trimmed.length > FAQ_LIMITS[field]) {
      const message = `is ${trimmed.length} characters long; the limit is ${FAQ_LIMITS[field]}`;
      errors.push({ location, field, message });
    }
    return trimmed;
  };
  const row: FaqRow = {
    id: text("id", true),
    question: text("question", true),
    answer: text("answer", true),
    url: text("url", false),
    keywords: text("keywords", false),
  };
  if (row.id !== "" && row.id.length <= FAQ_LIMITS.id && !/^[A-Za-z0-9._-]+$/.test(row.id)) {
    errors.push({ location, field: "id", message: "may only hold letters, digits, . _ and -" });
  }
  if (row.url !== "" && !isWebUrl(row.url)) {
    errors.push({ location, field: "url", message: "must be an http:// or https:// address" });
  }
  return errors.length === 0 ? { row, errors: [] } : { errors };
}

/** True for absolute http(s) URLs (the only links a card may carry). */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function makeRowChecker() {
  const rows: FaqRow[] = [];
  const errors = new ErrorCollector<FaqRowError>();
  const seen = new Map<string, string>();
  return {
    check(raw: Record<string, unknown>, location: string) {
      const checked = checkFaqRow(raw, location);
      if (checked.row === undefined) {
        for (const error of checked.errors) errors.add(error);
        return;
      }
      const first = seen.get(checked.row.id);
      if (first !== undefined) {
        const message = `duplicate id ${checked.row.id} (first used on ${first})`;
        errors.add({ location, field: "id", message });
        return;
      }
      seen.set(checked.row.id, location);
      rows.push(checked.row);
    },
    fail(error: FaqRowError) {
      errors.add(error);
    },
    result: () => ({ rows, errors: errors.kept, errorCount: errors.count }),
  };
}

// A problem with the file as a whole (never skippable): the only one reported.
function fileBroken(location: string, message: string, total: number): FaqParseResult {
  return { rows: [], errors: [{ location, field: "(file)", message }], errorCount: 1, total };
}

/** One line per problem, for the CLI and logs: `line 7, answer: is required`. */
export function formatFaqRowError(error: FaqRowError): string {
  return `${error.location}, ${error.field}: ${error.message}`;
}
