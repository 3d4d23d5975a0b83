import { ConfigError } from "../../config/configError.ts";
import { defaultConfigPath, loadConfig } from "../../config/loadConfig.ts";
import { loadRegistration } from "../../config/registrationFile.ts";
import { createKnex } from "../../db/knexFactory.ts";
import { makeManagedRoomStore } from "../../db/managedRoomStore.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { makeLockTable } from "../../db/lockTable.ts";
import { makeSyncRunStore } from "../../db/syncRunStore.ts";
import { makeRunLock, SYNC_LOCK } from "../../locks/runLock.ts";
import { loadDirectory } from "../../directory/parseDirectory.ts";
import { makeBotHttp } from "../../matrix/botHttp.ts";
import { makeCountingRoomGateway } from "../../matrix/roomGateway.ts";
import { makeLogger } from "../../observability/logger.ts";
import { runSyncPass, syncSettings, type SyncResult } from "../../provisioning/syncPass.ts";
import { stringOption, type CliCommand, type CliIo } from "../command.ts";

/**
 * `staffroom sync [--dry-run] [--config PATH]`: one membership-sync pass from the directory
 * file, printed one line per action grouped by room, then a summary. With `--dry-run` nothing
 * is written to Synapse. Safe beside a running appservice: writing passes share its database
 * lock, so at most one writes at a time (a busy lock prints "busy" and exits 1).
 */
export const syncCommand: CliCommand = {
  usage: "sync [--dry-run] [--config PATH]",
  options: { config: { type: "string", short: "c" }, "dry-run": { type: "boolean" } },
  async run(args, io) {
    const configPath = stringOption(args, "config") ?? defaultConfigPath(io.env);
    const dryRun = args.values["dry-run"] === true;
    let config, registration, org;
    try {
      config = await loadConfig(configPath);
      registration = await loadRegistration(config.appservice.registration_file);
      org = await loadDirectory(config.directory.file, { serverName: config.homeserver.domain });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.err(error.message);
      return 1;
    }
    const serverName = config.homeserver.domain;
    const botUserId = `@${registration.senderLocalpart}:${serverName}`;
    const db = createKnex(config.database);
    try {
      await migrateToLatest(db);
      const botHttp = makeBotHttp({
        baseUrl: config.homeserver.url,
        asToken: registration.asToken,
        botUserId,
      });
      const result = await runSyncPass(
        {
          openGateway: () => makeCountingRoomGateway(botHttp, serverName),
          rooms: makeManagedRoomStore(db),
          runs: makeSyncRunStore(db),
          lock: makeRunLock(makeLockTable(db), SYNC_LOCK),
          getOrg: () => org,
          log: makeLogger("Sync"),
          settings: syncSettings(config.provisioning, serverName, botUserId),
        },
        { trigger: "cli", dryRun },
      );
      printResult(io, result);
      const status = result.summary.status;
      return status === "succeeded" || (dryRun && status !== "failed") ? 0 : 1;
    } finally {
      await db.destroy();
    }
  },
};

/** Prints the plan grouped by room (in plan order), then the summary. */
export function printResult(io: CliIo, result: SyncResult): void {
  const { summary } = result;
  io.out(
    `${result.dryRun ? "Dry run" : "Sync pass"} ${result.runId}: ${summary.actions} action(s)` +
      `${result.dryRun ? " planned, nothing applied" : ""}`,
  );
  const failed = new Map(result.outcomes.filter((o) => !o.ok).map((o) => [o.action, o.error]));
  const groups = new Map<string, string[]>();
  result.actions.forEach((action, i) => {
    const view = result.views[i];
    if (view === undefined) return;
    const key = view.room ?? "(accounts)";
    const who = view.user === undefined ? "" : `${view.user}: `;
    const error = failed.has(action) ? `  [FAILED: ${failed.get(action) ?? ""}]` : "";
    groups.set(key, [
      ...(groups.get(key) ?? []),
      `  ${view.type.padEnd(16)} ${who}${view.detail}${error}`,
    ]);
  });
  for (const [room, lines] of groups) {
    io.out(room);
    for (const line of lines) io.out(line);
  }
  const types = Object.entries(summary.by_type)
    .map(([type, count]) => `${type}=${count}`)
    .join(" ");
  io.out(
    `Summary: status=${summary.status} actions=${summary.actions}` +
      `${result.dryRun ? "" : ` applied=${summary.applied} failed=${summary.failed}`}` +
      ` rooms=${summary.rooms_observed} reads=${summary.requests.reads} writes=${summary.requests.writes}` +
      ` ${summary.duration_ms}ms${types ? ` (${types})` : ""}`,
  );
  if (summary.error !== undefined) io.err(`sync failed: ${summary.error}`);
}
