import type { RequestListener } from "node:http";
import { AppServiceRegistration, Bridge } from "matrix-appservice-bridge";
import type { HomeserverProbe, TokenVerifier } from "../api/ports.ts";
import type { HomeserverConfig } from "../config/schema.ts";
import type { Registration } from "../config/registrationFile.ts";
import { makeLogger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import type { TransactionTap } from "../retention/ledgerTap.ts";
import { EmbeddedAppService } from "./embeddedAppService.ts";
import { makeEventRouter } from "./eventRouter.ts";
import type { BotActions, MatrixEventHandler } from "./events.ts";
import { botInviteHandler } from "./handlers/botInviteHandler.ts";
import { makeHomeserverClient } from "./homeserverClient.ts";
import { makeTransactionIntake, type IntakeStore } from "./transactionIntake.ts";

const log = makeLogger("Matrix");

/**
 * The homeserver as the rest of the appservice sees it. Domain code depends on this (and on
 * the ports in api/ports.ts), never on matrix-appservice-bridge.
 */
export interface MatrixGateway extends TokenVerifier, HomeserverProbe {
  /** `@<sender_localpart>:<domain>`. */
  readonly botUserId: string;
}

/** Options of {@link startMatrix}. */
export type MatrixOptions = {
  homeserver: HomeserverConfig;
  registration: Registration;
  metrics: Metrics;
  /** Event handlers, in order. Default: the bot joins rooms it is invited to. */
  handlers?: readonly MatrixEventHandler[];
  /** Sees every transaction's valid events before the handlers (the scrub ledger). */
  tap?: TransactionTap;
  /** Where processed transaction and event IDs are kept (see transactionIntake.ts). */
  processed: IntakeStore;
};

/** A started Matrix side: the gateway, the transaction listener to mount, and close(). */
export type RunningMatrix = {
  gateway: MatrixGateway;
  /** Serves every request under `/_matrix/app/` (mount on the shared HTTP server). */
  appServiceListener: RequestListener;
  /** Stops the bridge's timers and request tracking. Idempotent. */
  close(): Promise<void>;
};

/**
 * Builds and initialises the bridge (no stores: Staffroom keeps its state in its own
 * database) and prepares the transaction endpoint without opening a socket of its own.
 * Does not contact Synapse, so the appservice starts even while Synapse is still booting.
 */
export async function startMatrix(options: MatrixOptions): Promise<RunningMatrix> {
  const { homeserver, registration, metrics } = options;
  const botUserId = `@${registration.senderLocalpart}:${homeserver.domain}`;
  const bot: BotActions = {
    async joinRoom(roomId) {
      await bridge.getIntent().join(roomId);
    },
  };
  const route = makeEventRouter(
    options.handlers ?? [botInviteHandler],
    { botUserId, bot, log },
    metrics,
  );

  const bridge = new Bridge({
    homeserverUrl: homeserver.url,
    domain: homeserver.domain,
    registration: AppServiceRegistration.fromObject(registration.raw as never),
    disableStores: true,
    // The bridge would log one line per event at info; our handlers log what matters.
    logRequestOutcome: false,
    controller: {
      // Never called: transactions go to the intake in front of the library (see
      // embeddedAppService.ts), which validates them and runs the handlers.
      onEvent: () => undefined,
      onLog: (line: string, isError: boolean) => {
        if (isError) log.warn(line);
        else log.debug(line);
      },
    },
  });
  await bridge.initialise();

  const appService = new EmbeddedAppService({ homeserverToken: registration.hsToken });
  // Port and host are ignored by EmbeddedAppService.listen(); the shared server listens.
  await bridge.listen(0, "127.0.0.1", 10, appService);
  appService.finishRoutes();
  const intake = makeTransactionIntake({
    store: options.processed,
    route,
    log,
    metrics,
    ...(options.tap === undefined ? {} : { tap: options.tap }),
  });

  const client = makeHomeserverClient({ baseUrl: homeserver.url });
  let closed = false;
  return {
    gateway: {
      botUserId,
      whoami: (token) => client.whoami(token),
      isSynapseReachable: () => client.isSynapseReachable(),
    },
    appServiceListener: appService.requestListener(metrics, registration.hsToken, intake),
    async close() {
      if (closed) return;
      closed = true;
      await bridge.close();
    },
  };
}
