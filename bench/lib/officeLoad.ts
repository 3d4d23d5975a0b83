/**
 * The load of bench/office-day.ts, in raw client-server calls through the web client's origin
 * (what a browser sends): a sign-in wave, `/sync` loops that record when each message arrives,
 * and senders that send one message a second and, as a client does, wait out a 429 and resend
 * with the same transaction ID.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a request answered: status and, when JSON, the body. */
async function call(
  url: string,
  init: { method: string; token?: string; body?: unknown },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: init.method,
    headers: {
      "content-type": "application/json",
      ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body };
}

/** Outcome of the sign-in wave. */
export type SignInWave = {
  tokens: Map<string, string>;
  /** Sign-ins answered with anything but 200, by errcode (or status). */
  refused: Map<string, number>;
  durationMs: number;
};

/** Signs every user in through `origin`, evenly spread over `windowMs`, all in flight at once. */
export async function signInWave(
  origin: string,
  users: readonly { localpart: string; password: string }[],
  windowMs: number,
): Promise<SignInWave> {
  const tokens = new Map<string, string>();
  const refused = new Map<string, number>();
  const started = Date.now();
  await Promise.all(
    users.map(async (user, i) => {
      await sleep((i * windowMs) / users.length);
      const answer = await call(`${origin}/_matrix/client/v3/login`, {
        method: "POST",
        body: {
          type: "m.login.password",
          identifier: { type: "m.id.user", user: user.localpart },
          password: user.password,
          initial_device_display_name: "office-day",
        },
      });
      if (answer.status === 200) tokens.set(user.localpart, String(answer.body.access_token));
      else {
        const why = String(answer.body.errcode ?? answer.status);
        refused.set(why, (refused.get(why) ?? 0) + 1);
      }
    }),
  );
  return { tokens, refused, durationMs: Date.now() - started };
}

/** The message bodies this benchmark sends start with this; everything else is ignored. */
export const TAG = "office-";

type TimelineEvent = { type: string; event_id: string; content?: { body?: unknown } };
type SyncBody = {
  next_batch?: string;
  rooms?: { join?: Record<string, { timeline?: { events?: TimelineEvent[]; limited?: boolean } }> };
};

/** A `/sync` loop: when each tagged event first arrived, duplicates and gaps. */
export type SyncWatcher = {
  userId: string;
  arrivals: Map<string, number>;
  duplicates: number;
  /** Timelines Synapse cut short (`limited`): messages a client would have to backfill. */
  gaps: number;
  errors: number;
  stop(): Promise<void>;
};

// A client's filter: no presence noise, timelines long enough for a busy second.
const FILTER = JSON.stringify({
  presence: { not_types: ["*"] },
  room: { timeline: { limit: 50 } },
});

/** Starts a long-polling `/sync` loop for `token` (30 s timeout, like Element's). */
export async function startSyncWatcher(
  origin: string,
  userId: string,
  token: string,
): Promise<SyncWatcher> {
  const watcher: SyncWatcher = {
    userId,
    arrivals: new Map(),
    duplicates: 0,
    gaps: 0,
    errors: 0,
    stop: async () => {
      running = false;
      controller.abort();
      await loop.catch(() => undefined);
    },
  };
  const controller = new AbortController();
  let running = true;
  const syncOnce = async (since: string | undefined): Promise<SyncBody> => {
    const query = new URLSearchParams({ filter: FILTER, timeout: since ? "30000" : "0" });
    if (since) query.set("since", since);
    const response = await fetch(`${origin}/_matrix/client/v3/sync?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    if (!response.ok) throw new Error(`/sync → ${response.status}`);
    return (await response.json()) as SyncBody;
  };
  // The initial sync is history, not arrivals.
  let since = (await syncOnce(undefined)).next_batch;
  const loop = (async () => {
    while (running) {
      try {
        const body = await syncOnce(since);
        const now = Date.now();
        since = body.next_batch ?? since;
        for (const room of Object.values(body.rooms?.join ?? {})) {
          if (room.timeline?.limited) watcher.gaps++;
          for (const event of room.timeline?.events ?? []) {
            const text = event.content?.body;
            if (event.type !== "m.room.message" || typeof text !== "string") continue;
            if (!text.startsWith(TAG)) continue;
            if (watcher.arrivals.has(event.event_id)) watcher.duplicates++;
            else watcher.arrivals.set(event.event_id, now);
          }
        }
      } catch {
        if (!running) return;
        watcher.errors++;
        await sleep(1000);
      }
    }
  })();
  return watcher;
}

/** One sent message. */
export type Sent = { eventId: string; roomId: string; sender: string; sentAt: number };

/** What the senders saw. */
export type SendResult = { sent: Sent[]; rateLimited: number; failed: Map<string, number> };

/**
 * Every sender sends one message a second for `durationMs`, alternating between the rooms it is
 * given; a 429 is waited out (`retry_after_ms`) and the same transaction sent again.
 */
export async function runSenders(
  origin: string,
  senders: readonly { userId: string; token: string; rooms: readonly string[] }[],
  durationMs: number,
): Promise<SendResult> {
  const result: SendResult = { sent: [], rateLimited: 0, failed: new Map() };
  const ends = Date.now() + durationMs;
  const fail = (why: string) => result.failed.set(why, (result.failed.get(why) ?? 0) + 1);
  await Promise.all(
    senders.map(async (sender, s) => {
      // Staggered so the senders do not all fire in the same millisecond.
      await sleep((s * 1000) / senders.length);
      for (let n = 0; Date.now() < ends; n++) {
        const due = Date.now() + 1000;
        const roomId = sender.rooms[n % sender.rooms.length]!;
        const txn = `office-${s}-${n}`;
        const url = `${origin}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txn}`;
        const sentAt = Date.now();
        for (let attempt = 0; attempt < 10; attempt++) {
          const answer = await call(url, {
            method: "PUT",
            token: sender.token,
            body: { msgtype: "m.text", body: `${TAG}${s}-${n} from ${sender.userId}` },
          }).catch(() => ({ status: 0, body: {} as Record<string, unknown> }));
          if (answer.status === 200) {
            result.sent.push({
              eventId: String(answer.body.event_id),
              roomId,
              sender: sender.userId,
              sentAt,
            });
            break;
          }
          if (answer.status === 429) {
            result.rateLimited++;
            await sleep(Number(answer.body.retry_after_ms ?? 1000));
            continue;
          }
          fail(String(answer.body.errcode ?? answer.status));
          break;
        }
        await sleep(Math.max(0, due - Date.now()));
      }
    }),
  );
  return result;
}

/** Delivery of the sent messages to the watchers that are in their rooms. */
export type Delivery = { expected: number; lost: number; duplicated: number; latencies: number[] };

/** Matches what was sent with what each watcher (a member of the room, not the sender) saw. */
export function deliveries(
  sent: readonly Sent[],
  watchers: readonly SyncWatcher[],
  roomsOf: (userId: string) => ReadonlySet<string>,
): Delivery {
  const delivery: Delivery = { expected: 0, lost: 0, duplicated: 0, latencies: [] };
  for (const watcher of watchers) {
    delivery.duplicated += watcher.duplicates;
    const rooms = roomsOf(watcher.userId);
    for (const message of sent) {
      if (message.sender === watcher.userId || !rooms.has(message.roomId)) continue;
      delivery.expected++;
      const at = watcher.arrivals.get(message.eventId);
      if (at === undefined) delivery.lost++;
      else delivery.latencies.push(at - message.sentAt);
    }
  }
  return delivery;
}

/** The `q` quantile (0–1) of `values`, nearest rank; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

/**
 * What an outsider (a Synapse account outside the staff directory) gets: an operator invites
 * them to a department room, they try to join it and All Staff by ID, and read both. Returns the
 * tagged messages they could read and what each attempt answered.
 */
export async function outsiderAttempt(
  origin: string,
  outsider: { userId: string; accessToken: string },
  operatorToken: string,
  rooms: readonly string[],
): Promise<{ reads: number; answers: string[] }> {
  const answers: string[] = [];
  let reads = 0;
  const room = (roomId: string, rest: string) =>
    `${origin}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/${rest}`;
  for (const roomId of rooms) {
    const invite = await call(room(roomId, "invite"), {
      method: "POST",
      token: operatorToken,
      body: { user_id: outsider.userId },
    });
    answers.push(`invite ${invite.status}`);
    const join = await call(room(roomId, "join"), {
      method: "POST",
      token: outsider.accessToken,
      body: {},
    });
    answers.push(`join ${join.status}`);
    const history = await call(room(roomId, "messages?dir=b&limit=100"), {
      method: "GET",
      token: outsider.accessToken,
    });
    const chunk = (history.body.chunk ?? []) as TimelineEvent[];
    reads += chunk.filter(
      (e) => typeof e.content?.body === "string" && e.content.body.startsWith(TAG),
    ).length;
  }
  const sync = await call(`${origin}/_matrix/client/v3/sync?timeout=0`, {
    method: "GET",
    token: outsider.accessToken,
  });
  for (const joined of Object.values((sync.body as SyncBody).rooms?.join ?? {})) {
    reads += (joined.timeline?.events ?? []).filter(
      (e) => typeof e.content?.body === "string" && e.content.body.startsWith(TAG),
    ).length;
  }
  return { reads, answers };
}
