import type { Request, Response } from "express";
import { formatFaqRowError, type FaqFileFormat } from "../faq/faqImport.ts";
import { importFaqText, type FaqImportOutcome } from "../faq/faqImportService.ts";
import type { FaqStore } from "../faq/ports.ts";
import type { Logger } from "../observability/logger.ts";
import { ApiError } from "./apiError.ts";
import { describeValue } from "./bodyShape.ts";
import { capErrors, clip, MESSAGE_LIMIT, problemCount } from "./errorList.ts";
import { FAQ_IMPORT_STREAM_TYPE, type FaqImportResponse } from "./faqContract.ts";

/**
 * Answers `POST /api/admin/faq/groups/{id}/import` for one group. The whole file is validated
 * first: with problems (and no `skip_invalid`) the answer is a 400 listing the first 100 (and
 * `error_count`, all of them) and nothing is written. A caller that accepts `application/x-ndjson` then gets the write's progress as it
 * happens, one JSON object per line (`{"progress":{"done","total"}}`, then `{"result":…}` or
 * `{"error":{errcode,error}}`); anyone else gets the counts as one JSON body at the end.
 */
export async function answerFaqImport(
  req: Request,
  res: Response,
  store: Pick<FaqStore, "upsertEntries">,
  groupId: number,
  log: Logger,
): Promise<void> {
  const { text, format } = importBody(req);
  const streaming =
    req.accepts(["application/json", FAQ_IMPORT_STREAM_TYPE]) === FAQ_IMPORT_STREAM_TYPE;
  const line = (value: unknown): void => void res.write(`${JSON.stringify(value)}\n`);
  const startStream = (): void => {
    if (res.headersSent) return;
    res.status(200).type(FAQ_IMPORT_STREAM_TYPE).setHeader("Cache-Control", "no-store");
    res.flushHeaders();
  };

  let outcome: FaqImportOutcome;
  try {
    outcome = await importFaqText(store, groupId, text, {
      format,
      skipInvalid: req.query["skip_invalid"] === "true",
      onProgress: streaming
        ? (done, total) => {
            startStream();
            line({ progress: { done, total } });
          }
        : undefined,
    });
  } catch (error) {
    if (!res.headersSent) throw error;
    // The transaction rolled back: say so on the open stream rather than cutting it.
    log.warn("FAQ import failed while writing", { group: groupId, error });
    line({ error: { errcode: "M_UNKNOWN", error: "The import failed and nothing was saved." } });
    res.end();
    return;
  }

  const body = responseOf(outcome);
  if (!outcome.applied) {
    const first = outcome.errors.slice(0, 3).map(formatFaqRowError).join("; ");
    const error = `${problemCount(outcome.errorCount)}, nothing imported: ${first}`;
    res
      .status(400)
      .json({ errcode: "M_INVALID_PARAM", error: clip(error, MESSAGE_LIMIT), ...body });
    return;
  }
  if (!streaming) {
    res.json(body);
    return;
  }
  startStream();
  line({ result: body });
  res.end();
}

function responseOf(outcome: FaqImportOutcome): FaqImportResponse {
  return {
    total: outcome.total,
    imported: outcome.imported,
    created: outcome.created,
    updated: outcome.updated,
    skipped: outcome.skipped,
    ...capErrors(outcome.errors, outcome.errorCount),
  };
}

// The body is the file itself: text/csv (or text/plain with ?format=csv|json), or
// application/json holding the array (already parsed by the API's JSON middleware).
function importBody(req: Request): { text: string; format: FaqFileFormat } {
  const asked = req.query["format"];
  if (asked !== undefined && asked !== "csv" && asked !== "json") {
    throw new ApiError("M_INVALID_PARAM", "format: must be csv or json");
  }
  if (req.is("application/json") === "application/json") {
    if (Array.isArray(req.body)) return { text: JSON.stringify(req.body), format: "json" };
    throw new ApiError(
      "M_INVALID_PARAM",
      `body: a JSON import must be an array of FAQ objects, not ${describeValue(req.body)}`,
    );
  }
  if (typeof req.body === "string") return { text: req.body, format: asked ?? "csv" };
  throw new ApiError(
    "M_INVALID_PARAM",
    "body: send the file as text/csv, or a JSON array as application/json",
  );
}
