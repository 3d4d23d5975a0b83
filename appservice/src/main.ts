import type { Knex } from "knex";
import type { Registry } from "prom-client";
import { createHttpServer, closeServer, formatUrl, listen } from "./api/httpServer.ts";
import { makeHttpApp } from "./api/httpApp.ts";
import { makeCachedVerifier } from "./api/tokenCache.ts";
import { loadRegistration, warnAboutRegistration } from "./config/registrationFile.ts";
import { restartRequiredChanges } from "./config/reloadDiff.ts";
import type { AppConfig, LoggingConfig } from "./config/schema.ts";
import { createKnex } from "./db/knexFactory.ts";
import { makeManagedRoomCheck } from "./db/faqRoomScopeStore.ts";
import { makeFaqSearch } from "./db/faqSearch.ts";
import { makeFaqShareStore } from "./db/faqShareStore.ts";
import { makeFaqStore } from "./db/faqStore.ts";
import { makeIntakeStore } from "./db/intakeStore.ts";
import { makeManagedRoomStore } from "./db/managedRoomStore.ts";
import { makeScrubLedgerStore } from "./db/scrubLedgerStore.ts";
import { makeSettingsStore } from "./db/settingsStore.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { makeSyncRunStore } from "./db/syncRunStore.ts";
import { makeRunLocks } from "./db/lockTable.ts";
import { wireDirectAndAdoption } from "./adoption/wireAdoption.ts";
import { openLiveDirectory, type DirectoryListener } from "./directory/liveDirectory.ts";
import { makeFaqCommandContext } from "./faq/faqLookup.ts";
import type { MeetingService } from "./meetings/meetingService.ts";
import { wireMeetingGuests, wireMeetings, type MeetingGuests } from "./meetings/wireMeetings.ts";
import { makeGuestLeaveHandler } from "./matrix/handlers/guestLeaveHandler.ts";
import { makeBotHttp } from "./matrix/botHttp.ts";
import { botInviteHandler } from "./matrix/handlers/botInviteHandler.ts";
import { makeFaqCommandHandler } from "./matrix/handlers/faqCommandHandler.ts";
import { makeFaqShareHandler } from "./matrix/handlers/faqShareHandler.ts";
import { makeCountingRoomGateway } from "./matrix/roomGateway.ts";
import { configureBridgeLogging } from "./matrix/bridgeLogging.ts";
import { APPSERVICE_PATH_PREFIX } from "./matrix/embeddedAppService.ts";
import { startMatrix } from "./matrix/matrixService.ts";
import { makePresenceGateway } from "./matrix/presenceGateway.ts";
import { configureLogging, makeLogger, type LogSink } from "./observability/logger.ts";
import { createMetrics } from "./observability/metrics.ts";
import { restartCountsFromEnv } from "./observability/restartCounts.ts";
import { isEntryPoint, runProcess } from "./processEntry.ts";
import { makeDeferredDriftHandler } from "./provisioning/driftHandler.ts";
import { syncSettings } from "./provisioning/syncPass.ts";
import { makeSyncService, type SyncService } from "./provisioning/syncService.ts";
import { makeLedgerTap } from "./retention/ledgerTap.ts";
import { startScrubScheduler } from "./retention/scheduler.ts";
import type { ScrubService } from "./retention/scrubService.ts";
import { wireScrub } from "./retention/wireScrub.ts";

// Composition root: config → logging → registration → directory → database → Matrix → HTTP.
// It only wires; each step lives in its folder. tests/ boot it in-process through start().

const log = makeLogger("Main");

/** Options of {@link start}, mostly for tests and tools. */
export type StartOptions = {
  /** Listen here instead of `appservice.port` (0 picks a free port). */
  port?: number;
  /** Prometheus registry to register metrics on (a fresh one by default). */
  registry?: Registry;
  /** Where log lines go (stdout by default). */
  logSink?: LogSink;
};

/** What {@link reload} did. */
export type ReloadResult = {
  /** False when the directory file was invalid; the previous directory stays in force. */
  directoryReloaded: boolean;
  /** Changed config keys that wait for a restart. */
  restartRequired: string[];
};

export type { DirectoryListener };

/** Handles on a running appservice. */
export type RunningAppservice = {
  /** Base URL of the HTTP listener, e.g. `http://127.0.0.1:9000`. */
  url: string;
  port: number;
  botUserId: string;
  /** The database (for tests and tools; the appservice owns it). */
  db: Knex;
  /**
   * Re-reads the directory file and applies hot-reloadable keys of `config` when given
   * (what SIGHUP does). Never throws for a bad file: it is logged and the old one kept.
   */
  reload(config?: AppConfig): Promise<ReloadResult>;
  /**
   * Calls `listener` after every successful directory reload (the file changed, or SIGHUP);
   * not for rejected files. Returns a function that unsubscribes.
   */
  onDirectoryChanged(listener: DirectoryListener): () => void;
  /** Membership sync: run a pass (`sync.run`), wait for quiet (`sync.idle`), last status. */
  sync: SyncService;
  /** Scrub retention: previews, runs (`scrub.idle` waits for the current one). */
  scrub: ScrubService;
  /** Meeting rooms and guests (undefined while meetings are off). */
  meetings: MeetingService | undefined;
  /** Closes the HTTP server, the bridge and the database. Idempotent. */
  stop(): Promise<void>;
};

/**
 * Starts the appservice from a validated config. On failure everything already opened is
 * closed again before the error is rethrown (ConfigError for a bad registration or directory).
 */
export async function start(
  config: AppConfig,
  options: StartOptions = {},
): Promise<RunningAppservice> {
  applyLogging(config.logging, options.logSink);
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => log.warn("error while stopping", { error }));
    }
  };
  try {
    const serverName = config.homeserver.domain;
    const registration = await loadRegistration(config.appservice.registration_file);
    const directory = await openLiveDirectory(config.directory.file, {
      serverName,
      log: makeLogger("Directory"),
    });
    cleanups.push(() => Promise.resolve(directory.close()));
    const db = createKnex(config.database);
    cleanups.push(() => db.destroy());
    const applied = await migrateToLatest(db);
    if (applied.length > 0) log.info("database migrated", { applied: applied.join(",") });

    const metrics = createMetrics(options.registry);
    const drift = makeDeferredDriftHandler();
    const faq = {
      store: makeFaqStore(db),
      search: makeFaqSearch(db),
      shares: makeFaqShareStore(db),
    };
    // Filled in once botHttp exists (a guest leaving before that goes at its expiry instead).
    const guests: { wired?: MeetingGuests } = {};
    const faqCommand = makeFaqCommandHandler({
      http: () => botHttp,
      isManagedRoom: makeManagedRoomCheck(db),
      shares: faq.shares,
      ...makeFaqCommandContext(directory.current, faq.store, faq.search),
    });
    const guestLeave = makeGuestLeaveHandler(() =>
      guests.wired?.meetings.enabled ? guests.wired.meetings.service : null,
    );
    const settings = makeSettingsStore(db);
    const ledger = makeScrubLedgerStore(db);
    const matrix = await startMatrix({
      homeserver: config.homeserver,
      registration,
      metrics,
      tap: makeLedgerTap(ledger, async () => (await settings.getScrubDays()) !== null),
      processed: makeIntakeStore(db),
      handlers: [
        botInviteHandler,
        drift.handler,
        makeFaqShareHandler(faq.shares),
        faqCommand,
        guestLeave,
      ],
    });
    cleanups.push(() => matrix.close());
    // Before the bot's HTTP client goes: departed guests still in their grace period.
    cleanups.push(() => guestLeave.flush());
    const { asToken } = registration;
    const botHttpAt = (baseUrl: string) =>
      makeBotHttp({ baseUrl, asToken, botUserId: matrix.gateway.botUserId });
    const botHttp = botHttpAt(config.homeserver.url);
    // With Synapse's workers the media Admin API is on the media worker.
    const mediaHttp = botHttpAt(config.homeserver.media_admin_url ?? config.homeserver.url);
    const locks = makeRunLocks(db, log);
    const syncService = makeSyncService(
      {
        openGateway: () => makeCountingRoomGateway(botHttp, serverName),
        rooms: makeManagedRoomStore(db),
        runs: makeSyncRunStore(db),
        lock: locks.sync,
        getOrg: directory.current,
        log: makeLogger("Sync"),
        settings: syncSettings(config.provisioning, serverName, matrix.gateway.botUserId),
      },
      { intervalMinutes: config.provisioning.interval_minutes },
    );
    drift.attach(syncService);
    cleanups.push(() => syncService.stop());
    const wired = wireDirectAndAdoption({
      db,
      http: botHttp,
      serverName,
      getOrg: directory.current,
      settings,
      waitForSync: () => syncService.idle(),
    });
    cleanups.push(() => wired.adoption.stop());
    const { scrub, runs: scrubRuns } = wireScrub({
      db,
      http: botHttp,
      mediaHttp,
      serverName,
      getOrg: directory.current,
      settings,
      ledger,
      lock: locks.scrub,
      retention: config.retention,
    });
    cleanups.push(() => scrub.stop());
    const meetingGuests = wireMeetingGuests(config.meetings, botHttp, db);
    guests.wired = meetingGuests;
    cleanups.push(() => Promise.resolve(meetingGuests.stop()));
    const app = makeHttpApp({
      tokenVerifier: makeCachedVerifier(matrix.gateway, {
        ttlMs: config.api.whoami_cache_seconds * 1000,
      }),
      homeserver: matrix.gateway,
      getOrg: directory.current,
      metrics,
      rateLimit: {
        requestsPerSecond: config.api.rate_limit.requests_per_second,
        burst: config.api.rate_limit.burst,
      },
      sync: { run: syncService.run, health: syncService.health, recent: syncService.recent },
      restartCounts: restartCountsFromEnv(process.env),
      faq,
      people: {
        direct: wired.directRooms,
        managedRooms: makeManagedRoomStore(db),
        presence: makePresenceGateway(botHttp),
        otherRooms: wired.otherRooms,
      },
      adoption: wired.adoption,
      scrub: { settings, setScrubDays: scrub.setScrubDays, scrub, runs: scrubRuns },
      meetings: wireMeetings(config.meetings, serverName, botHttp),
      meetingGuests: meetingGuests.meetings,
    });
    const server = createHttpServer(app, [
      { prefix: APPSERVICE_PATH_PREFIX, listener: matrix.appServiceListener },
    ]);
    const port = options.port ?? config.appservice.port;
    const address = await listen(server, config.appservice.bind_address, port);
    cleanups.push(() => closeServer(server));
    const url = formatUrl(address);
    log.info(`listening on ${url}`, { bot: matrix.gateway.botUserId });
    warnAboutRegistration(registration, address.port, log);

    let current = config;
    let stopping: Promise<void> | undefined;
    directory.onChanged(() => syncService.request("directory-reload"));
    syncService.start();
    wired.start(config.retention.adopt_interval_minutes, directory.onChanged);
    const scrubScheduler = startScrubScheduler(
      scrub,
      { settings, runs: scrubRuns },
      { intervalMinutes: config.retention.check_interval_minutes, log: makeLogger("Scrub") },
    );
    cleanups.push(() => Promise.resolve(scrubScheduler.stop()));
    return {
      url,
      port: address.port,
      botUserId: matrix.gateway.botUserId,
      db,
      sync: syncService,
      scrub,
      meetings: meetingGuests.meetings.enabled ? meetingGuests.meetings.service : undefined,
      async reload(next) {
        const restartRequired = next === undefined ? [] : restartRequiredChanges(current, next);
        if (next !== undefined) {
          applyLogging(next.logging, options.logSink);
          directory.setFile(next.directory.file);
          current = { ...current, logging: next.logging, directory: next.directory };
        }
        if (restartRequired.length > 0) {
          log.warn("config changes need a restart", { keys: restartRequired.join(",") });
        }
        return { directoryReloaded: await directory.reload(), restartRequired };
      },
      onDirectoryChanged: directory.onChanged,
      stop() {
        // Close the directory first: no reload may reach services that are shutting down.
        directory.close();
        stopping ??= cleanUp().then(() => log.info("stopped"));
        return stopping;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function applyLogging(logging: LoggingConfig, sink: LogSink | undefined): void {
  configureLogging({ level: logging.level, json: logging.json, ...(sink ? { sink } : {}) });
  configureBridgeLogging(logging.level);
}

// Process entry: `tsx appservice/src/main.ts --config PATH` (or node dist/main.js).
if (isEntryPoint(import.meta.url)) {
  void runProcess(process.argv.slice(2), start);
}
