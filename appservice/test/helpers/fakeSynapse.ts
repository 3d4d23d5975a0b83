import type { IncomingMessage, ServerResponse } from "node:http";
import { serve, type Served } from "./http.ts";

/**
 * Just enough of Synapse's client-server API for start() to run in a unit test: versions,
 * whoami (AS token → bot, listed user tokens → users) and join. Records the joins.
 */
export type FakeSynapse = Served & { joins: string[]; users: Map<string, string> };

/** Starts the fake on a free port. */
export async function startFakeSynapse(options: {
  asToken: string;
  botUserId: string;
}): Promise<FakeSynapse> {
  const joins: string[] = [];
  const users = new Map<string, string>([[options.asToken, options.botUserId]]);
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const served = await serve((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const token =
      req.headers.authorization?.replace(/^Bearer /, "") ?? url.searchParams.get("access_token");
    if (url.pathname === "/_matrix/client/versions") {
      send(res, 200, { versions: ["v1.11"] });
    } else if (url.pathname === "/_matrix/client/v3/account/whoami") {
      const userId = users.get(token ?? "");
      if (userId === undefined)
        send(res, 401, { errcode: "M_UNKNOWN_TOKEN", error: "Invalid access token passed." });
      else send(res, 200, { user_id: userId });
    } else if (req.method === "POST" && url.pathname.startsWith("/_matrix/client/v3/join/")) {
      const roomId = decodeURIComponent(url.pathname.slice("/_matrix/client/v3/join/".length));
      joins.push(roomId);
      send(res, 200, { room_id: roomId });
    } else {
      send(res, 404, {
        errcode: "M_UNRECOGNIZED",
        error: `fake synapse: ${req.method} ${url.pathname}`,
      });
    }
  });
  return { ...served, joins, users };
}
