import type {
  FaqImportError,
  FaqImportResponse,
  FaqImportStreamLine,
} from "@staffroom/appservice/contract";
import { ApiError, NETWORK_ERRCODE } from "./apiError.ts";
import {
  apiBase,
  parseJson,
  toApiError,
  UNREACHABLE_MESSAGE,
  type RequestOptions,
} from "./httpRequest.ts";

/** The appservice's import limit (its `IMPORT_LIMIT`), checked before uploading. */
export const FAQ_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/** Where an import is: sending the file, the server checking it, or writing rows. */
export type FaqImportProgress =
  | { phase: "uploading"; percent: number }
  | { phase: "checking" }
  | { phase: "writing"; done: number; total: number };

/** Options of an import. */
export type FaqImportOptions = {
  /** Import the valid rows of a file that has bad ones (they are reported as skipped). */
  skipInvalid: boolean;
  onProgress: (progress: FaqImportProgress) => void;
};

/** An import refused because of the file's contents; nothing was written. */
export class FaqImportRefused extends ApiError {
  override name = "FaqImportRefused";
  constructor(
    message: string,
    /** The first problems (the server lists up to 100), with line (CSV) or item (JSON) and field. */
    readonly problems: FaqImportError[],
    /** How many problems the file has in all. */
    readonly total = problems.length,
  ) {
    super(400, "M_INVALID_PARAM", message);
  }
}

/**
 * Which format a file is in, from its name or type.
 * @returns `csv`, `json`, or undefined when it is neither
 */
export function faqFileFormat(file: Pick<File, "name" | "type">): "csv" | "json" | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith(".csv") || file.type === "text/csv") return "csv";
  if (name.endsWith(".json") || file.type === "application/json") return "json";
  return undefined;
}

/**
 * Splits a growing newline-delimited JSON body into the lines not read yet.
 * @returns a reader: give it the whole text so far, get the new complete lines parsed
 */
export function ndjsonReader(): (text: string) => FaqImportStreamLine[] {
  let used = 0;
  return (text) => {
    const end = text.lastIndexOf("\n") + 1;
    if (end <= used) return [];
    const lines = text.slice(used, end).split("\n");
    used = end;
    return lines
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as FaqImportStreamLine);
  };
}

/**
 * Uploads an import file with XMLHttpRequest (fetch cannot report upload progress), asking
 * for the streamed answer so the write's progress shows too.
 */
export function uploadFaqImport(
  options: RequestOptions,
  path: string,
  file: File,
  importOptions: FaqImportOptions,
): Promise<FaqImportResponse> {
  const format = faqFileFormat(file);
  if (format === undefined) {
    return Promise.reject(
      new ApiError(0, "M_INVALID_PARAM", `${file.name} is not a .csv or .json file.`),
    );
  }
  if (file.size > FAQ_IMPORT_MAX_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return Promise.reject(
      new ApiError(0, "M_TOO_LARGE", `${file.name} is ${mb} MB; the limit is 50 MB. Split it.`),
    );
  }
  const query = new URLSearchParams({ format });
  if (importOptions.skipInvalid) query.set("skip_invalid", "true");
  const { onProgress } = importOptions;

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const read = ndjsonReader();
    let result: FaqImportResponse | undefined;
    let failure: ApiError | undefined;
    const consume = (): void => {
      if (xhr.status !== 200) return;
      for (const line of read(xhr.responseText)) {
        if ("progress" in line) onProgress({ phase: "writing", ...line.progress });
        else if ("result" in line) result = line.result;
        else failure = new ApiError(500, line.error.errcode, line.error.error);
      }
    };
    xhr.open("POST", `${apiBase(options)}${path}?${query.toString()}`);
    if (options.accessToken !== undefined)
      xhr.setRequestHeader("Authorization", `Bearer ${options.accessToken}`);
    xhr.setRequestHeader("Content-Type", "text/plain; charset=utf-8");
    xhr.setRequestHeader("Accept", "application/x-ndjson");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable)
        onProgress({ phase: "uploading", percent: Math.round((event.loaded / event.total) * 100) });
    };
    xhr.upload.onload = () => onProgress({ phase: "checking" });
    xhr.onprogress = consume;
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERRCODE, UNREACHABLE_MESSAGE));
    xhr.onload = () => {
      if (xhr.status === 200) {
        consume();
        if (failure !== undefined) reject(failure);
        else if (result !== undefined) resolve(result);
        else reject(toApiError(500, undefined, new Error("the import answer had no result")));
        return;
      }
      const parsed = parseJson(xhr.responseText);
      const body = parsed.ok
        ? (parsed.value as { errors?: FaqImportError[]; error_count?: number })
        : undefined;
      const error = toApiError(xhr.status, body, parsed.ok ? undefined : parsed.error);
      reject(
        xhr.status === 400 && Array.isArray(body?.errors) && body.errors.length > 0
          ? new FaqImportRefused(error.message, body.errors, body.error_count)
          : error,
      );
    };
    xhr.send(file);
  });
}
