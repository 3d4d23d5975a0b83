import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { AppService } from "matrix-appservice-bridge";
import type { Metrics } from "../observability/metrics.ts";

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
   */
  requestListener(metrics: Pick<Metrics, "matrixTransactions">): RequestListener {
    const app = this.expressApp as unknown as RequestListener;
    return (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === "PUT" && req.url?.startsWith("/_matrix/app/v1/transactions/")) {
        res.on("finish", () => {
          const outcome = res.statusCode === 200 ? "accepted" : "rejected";
          metrics.matrixTransactions.inc({ outcome });
        });
      }
      app(req, res);
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
