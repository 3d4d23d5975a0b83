import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { AppService } from "matrix-appservice-bridge";
import type { Metrics } from "../observability/metrics.ts";
import type { TransactionIntake } from "./transactionIntake.ts";

// Serving Matrix transactions on the same port as /api, /health and /metrics.
//
// matrix-appservice's AppService owns an express 4 app with the transaction, user-query and
// alias-query routes. Normally
// Bridge.listen() calls AppService.listen(), which opens its own server. Bridge.listen()
// accepts an AppService instance, so we hand it one whose listen()/close() do nothing and
// serve its express app from our own HTTP server for every path under /_matrix/app/.
// The two express apps (4 and 5) never see each other's requests, so neither's request and
// response prototypes leak into the other.
//
// In front of that app: the hs_token check for every path under the prefix (spec: 401
// M_UNAUTHORIZED without a token, 403 M_FORBIDDEN with a wrong one), and transactions, which
// go to our intake (validation, durable idempotency) instead of the library's handler, which
// would hand any value to the handlers and remember only the last transaction ID.

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
   * The express 4 app as a plain Node request listener behind the hs_token check, with
   * transactions served by `intake`, counted by outcome (`accepted` when answered 200,
   * `rejected` otherwise).
   */
  requestListener(
    metrics: Pick<Metrics, "matrixTransactions">,
    hsToken: string,
    intake: TransactionIntake,
  ): RequestListener {
    const app = this.expressApp as unknown as RequestListener;
    return (req: IncomingMessage, res: ServerResponse) => {
      const url = requestUrl(req.url);
      const txnId = transactionIdOf(req.method, url.pathname);
      if (txnId !== null) {
        res.on("finish", () => {
          const outcome = res.statusCode === 200 ? "accepted" : "rejected";
          metrics.matrixTransactions.inc({ outcome });
        });
      }
      const token = suppliedToken(req, url);
      if (token === undefined) {
        sendJson(res, 401, { errcode: "M_UNAUTHORIZED", error: "No hs_token supplied" });
        return;
      }
      if (!sameToken(token, hsToken)) {
        sendJson(res, 403, { errcode: "M_FORBIDDEN", error: "Bad hs_token supplied" });
        return;
      }
      if (txnId === null) {
        // The library checks the header again; hand it the token in the form it reads first.
        req.headers.authorization = `Bearer ${token}`;
        app(req, res);
        return;
      }
      // serveTransaction answers every failure itself; a socket that broke is just closed.
      serveTransaction(req, res, txnId, intake).catch(() => res.destroy());
    };
  }

  /**
   * Adds the routes matrix-appservice lacks, after the bridge has added its own:
   * `POST /_matrix/app/v1/ping` (spec "Pinging") and a JSON 404
   * `M_UNRECOGNIZED` / 400 `M_NOT_JSON` instead of express's HTML pages.
   */
  finishRoutes(): void {
    type Req = { headers: Record<string, string | undefined> };
    type Res = { status(code: number): Res; json(body: unknown): void };
    type Next = (error?: unknown) => void;
    const app = this.expressApp as unknown as {
      post(path: string, handler: (req: Req, res: Res) => void): void;
      use(handler: (req: Req, res: Res, next: Next) => void): void;
      use(handler: (error: unknown, req: Req, res: Res, next: Next) => void): void;
    };
    // The token was checked in front of the app (requestListener).
    app.post("/_matrix/app/v1/ping", (_req, res) => {
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

/** The request's URL; a target URL cannot parse ends up as "/" (answered 404 after auth). */
function requestUrl(target: string | undefined): URL {
  try {
    return new URL(target ?? "/", "http://appservice");
  } catch {
    return new URL("/", "http://appservice");
  }
}

const TRANSACTION_PATH = /^\/_matrix\/app\/v1\/transactions\/([^/]*)$/;

/**
 * The transaction ID of `PUT /_matrix/app/v1/transactions/{txnId}` (decoded; "" when it cannot
 * be decoded, which the intake refuses), null for any other request.
 */
function transactionIdOf(method: string | undefined, pathname: string): string | null {
  const match = method === "PUT" ? TRANSACTION_PATH.exec(pathname) : null;
  if (match === null) return null;
  try {
    return decodeURIComponent(match[1] ?? "");
  } catch {
    return "";
  }
}

/**
 * The hs_token as the spec lets Synapse send it: `Authorization: Bearer …`, else the
 * `access_token` query parameter (older homeservers). Undefined when neither is there.
 */
function suppliedToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  const bearer = header?.startsWith("Bearer ") === true ? header.slice("Bearer ".length) : "";
  if (bearer !== "") return bearer;
  const query = url.searchParams.get("access_token");
  if (query !== null && query !== "") return query;
  // Some other scheme: a credential, but not ours.
  return header === undefined || header === "" ? undefined : header;
}

/** Constant-time comparison (of digests, so lengths may differ). */
function sameToken(supplied: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(supplied), digest(expected));
}

/** Reads and parses a transaction's body and answers with what the intake says. */
async function serveTransaction(
  req: IncomingMessage,
  res: ServerResponse,
  txnId: string,
  intake: TransactionIntake,
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
  const answer = await intake(txnId, body).catch(() => ({
    status: 500,
    body: { errcode: "M_UNKNOWN", error: "Could not process the transaction" },
  }));
  if (!res.headersSent) sendJson(res, answer.status, answer.body);
}
