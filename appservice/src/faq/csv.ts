// A small RFC 4180 reader that remembers where each record starts, so import errors can name
// the line a person sees in their spreadsheet export. Pure: text in, records out.

/** One CSV record: its fields and the 1-based line its first character is on. */
export type CsvRecord = { line: number; fields: string[] };

/** A structural problem (an unterminated quote), with the line it was found on. */
export class CsvSyntaxError extends Error {
  override readonly name = "CsvSyntaxError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Splits CSV text into records, all at once (see {@link readCsv}). */
export function parseCsv(text: string): CsvRecord[] {
  return [...readCsv(text)];
}

/**
 * Reads CSV text record by record, so a caller holds one record at a time however long the
 * file is. Handles a UTF-8 BOM, CRLF/LF/CR line ends, quoted fields with embedded separators,
 * quotes (`""`) and line breaks, and fields of any size (one pass, no regular expressions over
 * whole fields). Blank lines are skipped.
 * @throws CsvSyntaxError (while iterating) for a quote that is never closed or text right
 *   after a closing quote
 */
export function* readCsv(text: string): Generator<CsvRecord, void, undefined> {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let sawContent = false;
  // The finished record, if the line held one (a line with nothing on it is not a record).
  const endRecord = (): CsvRecord | undefined => {
    fields.push(field);
    const record = sawContent || fields.length > 1 ? { line: recordLine, fields } : undefined;
    fields = [];
    field = "";
    sawContent = false;
    return record;
  };
  while (i < input.length) {
    const ch = input[i];
    if (ch === '"' && field === "") {
      // Quoted field: read up to the closing quote, keeping track of lines inside it.
      const startLine = line;
      sawContent = true;
      i++;
      let chunkStart = i;
      for (;;) {
        const quote = input.indexOf('"', i);
        if (quote === -1) throw new CsvSyntaxError(startLine, "a quoted field is never closed");
        line += countLineBreaks(input, i, quote);
        if (input[quote + 1] === '"') {
          field += input.slice(chunkStart, quote + 1);
          i = quote + 2;
          chunkStart = i;
          continue;
        }
        field += input.slice(chunkStart, quote);
        i = quote + 1;
        break;
      }
      // Spaces after a closing quote are tolerated (some exports pad fields).
      while (input[i] === " " || input[i] === "\t") i++;
      const next = input[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new CsvSyntaxError(line, "unexpected text after a closing quote");
      }
      continue;
    }
    if (ch === ",") {
      fields.push(field);
      field = "";
      sawContent = true;
      i++;
    } else if (ch === "\n" || ch === "\r") {
      const record = endRecord();
      if (record !== undefined) yield record;
      i += ch === "\r" && input[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      // Plain run up to the next separator or line end.
      let end = i;
      while (end < input.length) {
        const c = input[end];
        if (c === "," || c === "\n" || c === "\r") break;
        end++;
      }
      field += input.slice(i, end);
      sawContent = true;
      i = end;
    }
  }
  if (sawContent || field !== "" || fields.length > 0) {
    const record = endRecord();
    if (record !== undefined) yield record;
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === 10) count++;
    else if (c === 13 && text.charCodeAt(j + 1) !== 10) count++;
  }
  return count;
}
