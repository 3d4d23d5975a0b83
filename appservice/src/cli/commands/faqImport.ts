import { readFile } from "node:fs/promises";
import { ConfigError } from "../../config/configError.ts";
import { defaultConfigPath, loadConfig } from "../../config/loadConfig.ts";
import { createKnex } from "../../db/knexFactory.ts";
import { makeFaqStore } from "../../db/faqStore.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { formatFaqRowError, formatFromFileName } from "../../faq/faqImport.ts";
import { importFaqText } from "../../faq/faqImportService.ts";
import { stringOption, type CliCommand, type CliIo } from "../command.ts";

/** At most this many problems are printed; the count says how many more there were. */
const MAX_PRINTED_ERRORS = 50;

/**
 * `staffroom faq import FILE --group NAME [--skip-invalid] [--visibility public|internal]
 * [--config PATH]`: validates the whole CSV or JSON file (by extension), then writes it in one
 * transaction; re-importing updates entries by id. The group is created when missing. Any
 * bad row: every problem is printed with its line and field, nothing is written, exit 1
 * (unless --skip-invalid). Progress goes to stderr; a bar when stderr is a terminal.
 */
export const faqImportCommand: CliCommand = {
  usage:
    "faq import FILE --group NAME [--skip-invalid] [--visibility public|internal] [--config PATH]",
  allowPositionals: true,
  options: {
    group: { type: "string", short: "g" },
    "skip-invalid": { type: "boolean" },
    visibility: { type: "string" },
    config: { type: "string", short: "c" },
  },
  async run(args, io) {
    const [sub, file, ...extra] = args.positionals;
    const group = stringOption(args, "group");
    const visibility = stringOption(args, "visibility") ?? "public";
    if (sub !== "import" || file === undefined || extra.length > 0 || group === undefined) {
      io.err(`Usage: staffroom ${faqImportCommand.usage}`);
      return 2;
    }
    if (visibility !== "public" && visibility !== "internal") {
      io.err("--visibility must be public or internal");
      return 2;
    }
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      io.err(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    const configPath = stringOption(args, "config") ?? defaultConfigPath(io.env);
    let config;
    try {
      config = await loadConfig(configPath);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.err(error.message);
      return 1;
    }
    const db = createKnex(config.database);
    try {
      await migrateToLatest(db);
      const store = makeFaqStore(db);
      const existing = await store.getGroup(group);
      const target =
        existing ?? (await store.createGroup({ name: group, description: "", visibility }));
      const progress = makeProgress(io);
      const outcome = await importFaqText(store, target.id, text, {
        format: formatFromFileName(file),
        skipInvalid: args.values["skip-invalid"] === true,
        onProgress: progress,
      });
      progress.end();
      for (const error of outcome.errors.slice(0, MAX_PRINTED_ERRORS)) {
        io.err(formatFaqRowError(error));
      }
      if (outcome.errorCount > MAX_PRINTED_ERRORS) {
        io.err(`… and ${outcome.errorCount - MAX_PRINTED_ERRORS} more problem(s)`);
      }
      if (!outcome.applied) {
        // A group made for this import would be left empty: take it away again.
        if (existing === undefined) await store.deleteGroup(target.id);
        io.err(
          `${outcome.errorCount} problem(s) in ${file}; nothing imported (--skip-invalid imports the valid rows)`,
        );
        return 1;
      }
      io.out(
        `Imported ${outcome.imported} of ${outcome.total} row(s) into ${group}: ` +
          `${outcome.created} created, ${outcome.updated} updated, ${outcome.skipped} skipped`,
      );
      return 0;
    } finally {
      await db.destroy();
    }
  },
};

/** A progress bar: `[##########----------]  50%  25,000/50,000 rows`. */
export function formatProgress(done: number, total: number, width = 30): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  const percent = String(Math.round(ratio * 100)).padStart(3);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${percent}%  ${done.toLocaleString("en")}/${total.toLocaleString("en")} rows`;
}

// On a terminal the bar redraws in place; otherwise (logs, CI) a line per tenth, for files
// large enough to be worth it.
function makeProgress(io: CliIo): ((done: number, total: number) => void) & { end(): void } {
  const tty = process.stderr.isTTY;
  let shown = false;
  let lastTenth = -1;
  const update = (done: number, total: number) => {
    if (total < 1000) return;
    if (tty) {
      process.stderr.write(`\r${formatProgress(done, total)}`);
      shown = true;
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    io.err(formatProgress(done, total));
  };
  return Object.assign(update, {
    end() {
      if (shown) process.stderr.write("\n");
    },
  });
}
