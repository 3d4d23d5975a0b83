import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { AppService } from "matrix-appservice-bridge";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import type { TransactionTap } from "../retention/ledgerTap.ts";

// Serving Matrix transactions on the same port as /api, /health and /metrics.
//
// matrix-appservice's AppService owns an express 4 app with the transaction, user-query and
// alias-query routes and the hs_token check (403 M_FORBIDDEN on a wrong token). Normally
// Bridge.listen() calls AppService.listen(), which opens its own server. Bridge.listen()
// accepts an AppService instance, so we hand it one whose listen()/close() do nothing and
// serve its express app from our own HTTP server for every path under /_matrix/app/.
// The two express apps (4 and 5) never see each other's requests, so neither's request and
// response prototypes leak into the other.

/** The path prefix Synapse calls (transactions, user and alias queries, ping). */
export const APPSERVICE_PATH_PREFIX = "/_matrix/app/";

/** Largest transaction body read (matrix-appservice's own limit). */
const MAX_TRANSACTION_BYTES = 5_000_000;

/** Reads a request body up to `limit` bytes; undefined when it is longer. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const sendJson = (res: ServerResponse, status: number, body: object) => {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
};

/** An AppService that never opens a socket: its express app is mounted by our server. */
export class EmbeddedAppService extends AppService {
  /** No-op: the Staffroom HTTP server is already listening (see file comment). */
  override listen(): Promise<void> {
    return Promise.resolve();
  }

  /** No-op: the Staffroom HTTP server is closed by main.ts. */
  override close(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * The express 4 app as a plain Node request listener, counting transactions by outcome
   * (`accepted` when answered 200, `rejected` otherwise, e.g. a wrong hs_token).
   * With a `tap`, an authenticated transaction's events go through it before the bridge sees
   * them; when the tap fails the transaction is answered 500 and Synapse sends it again.
   */
  requestListener(
    metrics: Pick<Metrics, "matrixTransactions">,
    tap?: { hsToken: string; onEvents: TransactionTap; log: Logger },
  ): RequestListener {
    const app = this.expressApp as unknown as RequestListener;
    return (req: IncomingMessage, res: ServerResponse) => {
      const isTransaction =
        req.method === "PUT" && req.url?.startsWith("/_matrix/app/v1/transactions/") === true;
      if (isTransaction) {
        res.on("finish", () => {
          const outcome = res.statusCode === 200 ? "accepted" : "rejected";
          metrics.matrixTransactions.inc({ outcome });
        });
      }
      // Unauthenticated requests go straight to the app, which refuses them (403).
      if (!isTransaction || tap === undefined || !hasToken(req, tap.hsToken)) {
        app(req, res);
        return;
      }
      void tapThenServe(req, res, app, tap);
    };
  }

  /**
   * Adds the routes matrix-appservice lacks, after the bridge has added its own:
   * `POST /_matrix/app/v1/ping` (spec "Pinging", token checked) and a JSON 404
   * `M_UNRECOGNIZED` / 400 `M_NOT_JSON` instead of express's HTML pages.
   */
  finishRoutes(hsToken: string): void {
    type Req = { headers: Record<string, string | undefined> };
    type Res = { status(code: number): Res; json(body: unknown): void };
    type Next = (error?: unknown) => void;
    const app = this.expressApp as unknown as {
      post(path: string, handler: (req: Req, res: Res) => void): void;
      use(handler: (req: Req, res: Res, next: Next) => void): void;
      use(handler: (error: unknown, req: Req, res: Res, next: Next) => void): void;
    };
    app.post("/_matrix/app/v1/ping", (req, res) => {
      if (req.headers["authorization"] !== `Bearer ${hsToken}`) {
        res.status(403).json({ errcode: "M_FORBIDDEN", error: "Bad token supplied" });
        return;
      }
      res.status(200).json({});
    });
    app.use((_req, res) => {
      res.status(404).json({ errcode: "M_UNRECOGNIZED", error: "Unrecognized request" });
    });
    app.use((error: unknown, _req: Req, res: Res, _next: Next) => {
      const status = (error as { status?: unknown }).status;
      if (status === 400) {
        res.status(400).json({ errcode: "M_NOT_JSON", error: "Body is not valid JSON" });
        return;
      }
      res.status(500).json({ errcode: "M_UNKNOWN", error: "Internal server error" });
    });
  }
}

/** Whether the request carries the hs_token the way matrix-appservice accepts it. */
function hasToken(req: IncomingMessage, hsToken: string): boolean {
  const header = req.headers.authorization;
  if (header !== undefined) return header.substring("Bearer ".length) === hsToken;
  return new URL(req.url ?? "/", "http://x").searchParams.get("access_token") === hsToken;
}

/**
 * Reads and parses the transaction, runs the tap, then hands the parsed body to the express app
 * (body-parser skips a request whose `_body` is set).
 */
async function tapThenServe(
  req: IncomingMessage,
  res: ServerResponse,
  app: RequestListener,
  tap: { onEvents: TransactionTap; log: Logger },
): Promise<void> {
  const raw = await readBody(req, MAX_TRANSACTION_BYTES).catch(() => undefined);
  if (raw === undefined) {
    sendJson(res, 413, { errcode: "M_TOO_LARGE", error: "Transaction body too large or cut off" });
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    sendJson(res, 400, { errcode: "M_NOT_JSON", error: "Body is not valid JSON" });
    return;
  }
  const events = (body as { events?: unknown } | null)?.events;
  try {
    await tap.onEvents(Array.isArray(events) ? events : []);
  } catch (error) {
    tap.log.error("could not record a transaction in the scrub ledger; Synapse will resend it", {
      error,
    });
    sendJson(res, 500, { errcode: "M_UNKNOWN", error: "Could not record the transaction" });
    return;
  }
  Object.assign(req, { body, _body: true });
  app(req, res);
}
