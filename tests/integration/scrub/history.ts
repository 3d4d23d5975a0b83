/**
 * Backdated history for the scrub tests: the appservice's bot may send with the `ts` query
 * parameter (timestamp massaging, appservice senders only), so a real Synapse holds messages
 * "N days old". Also readers through every path a person or admin could use.
 */
import type { MatrixTestClient } from "../../harness/matrixTestClient.ts";

export const DAY = 24 * 60 * 60 * 1000;

/** The bot, as a client with the as_token (it may backdate with `?ts=`). */
export class BotHistory {
  private txn = 0;
  constructor(
    readonly url: string,
    readonly asToken: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown, raw?: Buffer): Promise<T> {
    const response = await fetch(new URL(path, this.url), {
      method,
      headers: {
        authorization: `Bearer ${this.asToken}`,
        "content-type": raw ? "text/plain" : "application/json",
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const json = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${json.error ?? ""}`);
    return json;
  }

  /** Sends `content` as an `m.room.message` dated `daysAgo` days back; returns the event ID. */
  async sendOld(
    roomId: string,
    daysAgo: number,
    content: Record<string, unknown>,
  ): Promise<string> {
    const ts = Date.now() - daysAgo * DAY;
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/old${this.txn++}-${Date.now()}?ts=${ts}`;
    return (await this.call<{ event_id: string }>("PUT", path, content)).event_id;
  }

  /** A backdated text message. */
  sendOldText = (roomId: string, daysAgo: number, body: string) =>
    this.sendOld(roomId, daysAgo, { msgtype: "m.text", body });

  /** Uploads a small file and sends it as a backdated `m.file`; returns event ID and mxc URI. */
  async sendOldFile(roomId: string, daysAgo: number): Promise<{ eventId: string; mxc: string }> {
    const { content_uri } = await this.call<{ content_uri: string }>(
      "POST",
      "/_matrix/media/v3/upload?filename=minutes.txt",
      undefined,
      Buffer.from(`minutes ${Math.random()}`),
    );
    const eventId = await this.sendOld(roomId, daysAgo, {
      msgtype: "m.file",
      body: "minutes.txt",
      url: content_uri,
      info: { mimetype: "text/plain", size: 10 },
    });
    return { eventId, mxc: content_uri };
  }

  /** Creates a room the appservice does not manage (unknown to its database). */
  createUnmanagedRoom = async (): Promise<string> =>
    (
      await this.call<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", {
        preset: "private_chat",
        name: "Not managed",
      })
    ).room_id;

  /**
   * IDs of the events at or after `cutoff` that come after the room's first old message (the
   * state written at provisioning, before the backdated history, is a test artefact).
   */
  async newerAfterFirstOld(roomId: string, cutoff: number): Promise<string[]> {
    const timeline = await this.adminTimeline(roomId);
    const first = timeline.findIndex(
      (e) => e.state_key === undefined && e.origin_server_ts < cutoff,
    );
    return timeline
      .slice(first)
      .filter((e) => e.origin_server_ts >= cutoff)
      .map((e) => e.event_id);
  }

  /** HTTP status of the Admin API's `/context/{eventId}` (200 = still readable by an admin). */
  async adminContextStatus(roomId: string, eventId: string): Promise<number> {
    const response = await fetch(
      new URL(
        `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/context/${encodeURIComponent(eventId)}?limit=0`,
        this.url,
      ),
      { headers: { authorization: `Bearer ${this.asToken}` } },
    );
    await response.arrayBuffer();
    return response.status;
  }

  /** Every timeline event through the Admin API (oldest first). */
  async adminTimeline(
    roomId: string,
  ): Promise<{ event_id: string; type: string; origin_server_ts: number; state_key?: string }[]> {
    const { chunk } = await this.call<{
      chunk: { event_id: string; type: string; origin_server_ts: number; state_key?: string }[];
    }>("GET", `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/messages?dir=f&limit=1000`);
    return chunk;
  }
}

/** Event IDs of `m.room.message` events a member can page back to through `/messages`. */
export async function readableMessages(user: MatrixTestClient, roomId: string): Promise<string[]> {
  const { chunk } = await user.request<{ chunk: { event_id: string; type: string }[] }>(
    "GET",
    `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=1000`,
  );
  return chunk.filter((e) => e.type === "m.room.message").map((e) => e.event_id);
}

/** Event IDs of a room's current state, as a member reads it. */
export async function currentState(user: MatrixTestClient, roomId: string): Promise<string[]> {
  const state = await user.request<{ event_id: string }[]>(
    "GET",
    `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state`,
  );
  return state.map((e) => e.event_id).sort();
}

/** HTTP status of `/context/{eventId}` for a member (200 = still readable). */
export async function contextStatus(user: MatrixTestClient, roomId: string, eventId: string) {
  const response = await fetch(
    new URL(
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/context/${encodeURIComponent(eventId)}?limit=0`,
      user.homeserverUrl,
    ),
    { headers: { authorization: `Bearer ${user.accessToken}` } },
  );
  return response.status;
}

/** HTTP status of downloading `mxc` (authenticated media) as a member. */
export async function mediaStatus(user: MatrixTestClient, mxc: string): Promise<number> {
  const response = await fetch(
    new URL(`/_matrix/client/v1/media/download/${mxc.slice("mxc://".length)}`, user.homeserverUrl),
    { headers: { authorization: `Bearer ${user.accessToken}` } },
  );
  await response.arrayBuffer();
  return response.status;
}

/** Calls the appservice API as `user`; returns status and JSON body. */
export async function api(
  baseUrl: string,
  user: MatrixTestClient,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** `POST /api/admin/scrub/preview` as room ID → [messages, files]. */
export async function previewCounts(
  baseUrl: string,
  admin: MatrixTestClient,
): Promise<Map<string, [unknown, unknown]>> {
  const preview = await api(baseUrl, admin, "POST", "/api/admin/scrub/preview");
  const rooms = preview.body["rooms"] as Record<string, unknown>[];
  return new Map(rooms.map((r) => [String(r["room_id"]), [r["messages"], r["files"]]]));
}

/** The newest run of `GET /api/admin/scrub/runs`. */
export async function latestRun(
  baseUrl: string,
  admin: MatrixTestClient,
): Promise<Record<string, unknown> | undefined> {
  const runs = await api(baseUrl, admin, "GET", "/api/admin/scrub/runs");
  return (runs.body["runs"] as Record<string, unknown>[])[0];
}

/** The lines of a Synapse log excerpt that contain `needle`. */
export const linesWith = (log: string, needle: string): string[] =>
  log.split("\n").filter((line) => line.includes(needle));
