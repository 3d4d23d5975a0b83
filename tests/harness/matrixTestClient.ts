/**
 * A small Matrix client for tests, over plain fetch (the C-S API as any client speaks it), with
 * hookshot-style `waitFor*` helpers whose timeouts name what they waited for.
 */
import { waitFor } from "./waitFor.ts";

/** A room event as the C-S API returns it. */
export type RoomEvent = {
  event_id: string;
  type: string;
  sender: string;
  state_key?: string;
  content: Record<string, unknown>;
  origin_server_ts: number;
};

/** An HTTP error from Synapse with its status and errcode. */
export class MatrixHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errcode?: string,
  ) {
    super(message);
  }
}

/** A signed-in test user. */
export class MatrixTestClient {
  private txn = 0;

  constructor(
    readonly homeserverUrl: string,
    readonly userId: string,
    readonly accessToken: string,
  ) {}

  /** Raw C-S request as this user. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.homeserverUrl), {
      method,
      headers: { authorization: `Bearer ${this.accessToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      throw new MatrixHttpError(
        `${method} ${path} → ${response.status} ${String(json.errcode ?? "")} ${String(json.error ?? "")}`,
        response.status,
        typeof json.errcode === "string" ? json.errcode : undefined,
      );
    }
    return json as T;
  }

  /** Creates a room and returns its ID. */
  async createRoom(
    options: { name?: string; invite?: string[]; preset?: string } = {},
  ): Promise<string> {
    const { room_id } = await this.request<{ room_id: string }>(
      "POST",
      "/_matrix/client/v3/createRoom",
      {
        preset: "private_chat",
        ...options,
      },
    );
    return room_id;
  }

  /** Sends an `m.text` message and returns the event ID. */
  async sendText(roomId: string, body: string): Promise<string> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t${Date.now()}-${this.txn++}`;
    const { event_id } = await this.request<{ event_id: string }>("PUT", path, {
      msgtype: "m.text",
      body,
    });
    return event_id;
  }

  /** The membership of `userId` in `roomId` ("join", "invite", …), or undefined. */
  async membership(roomId: string, userId: string): Promise<string | undefined> {
    try {
      const state = await this.request<{ membership?: string }>(
        "GET",
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(userId)}`,
      );
      return state.membership;
    } catch (error) {
      if (error instanceof MatrixHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Waits until `sender` has joined `roomId`. */
  async waitForRoomJoin(opts: {
    roomId: string;
    sender: string;
    timeoutMs?: number;
  }): Promise<void> {
    await waitFor(
      `${opts.sender} to join ${opts.roomId}`,
      async () => ((await this.membership(opts.roomId, opts.sender)) === "join" ? true : undefined),
      { timeoutMs: opts.timeoutMs },
    );
  }

  /** Waits for an event of `eventType` (from `sender`, if given) among the room's latest events. */
  async waitForRoomEvent(opts: {
    roomId: string;
    eventType: string;
    sender?: string;
    match?: (event: RoomEvent) => boolean;
    timeoutMs?: number;
  }): Promise<RoomEvent> {
    const from = opts.sender ? ` from ${opts.sender}` : "";
    return waitFor(
      `a ${opts.eventType} event${from} in ${opts.roomId}`,
      async () => {
        const { chunk } = await this.request<{ chunk: RoomEvent[] }>(
          "GET",
          `/_matrix/client/v3/rooms/${encodeURIComponent(opts.roomId)}/messages?dir=b&limit=50`,
        );
        return chunk.find(
          (e) =>
            e.type === opts.eventType &&
            (!opts.sender || e.sender === opts.sender) &&
            (!opts.match || opts.match(e)),
        );
      },
      { timeoutMs: opts.timeoutMs },
    );
  }
}
