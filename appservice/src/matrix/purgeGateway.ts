/**
 * The scrub's Synapse side ({@link PurgeGateway}): the Admin API for reading timelines, purging
 * history and deleting media; the client-server API (as the bot) for the marker and
 * `m.room.retention` state events. All calls go through {@link BotHttp}.
 */
import { nextPollDelay } from "../retention/purgePacer.ts";
import type { PurgeGateway, TimelinePage } from "../retention/ports.ts";
import { parseMxc, type TimelineEvent } from "../retention/scrubPlanner.ts";
import { MatrixApiError, seg, type BotHttp } from "./botHttp.ts";
import { retentionContent } from "../retention/cutoff.ts";

/** State event type of the marker written after a room's last real message. */
export const SCRUB_MARKER_TYPE = "org.staffroom.scrub_marker";

/** Options of {@link makePurgeGateway}. */
export type PurgeGatewayOptions = {
  /** Our server name: only media uploaded here is deleted. */
  serverName: string;
  /** Where the media Admin API is (Synapse's media worker); default: `http`. */
  mediaHttp?: BotHttp;
  /** Give up waiting for one purge after this long (default 30 min). */
  purgeTimeoutMs?: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the gateway. */
export function makePurgeGateway(http: BotHttp, options: PurgeGatewayOptions): PurgeGateway {
  const purgeTimeoutMs = options.purgeTimeoutMs ?? 30 * 60_000;
  const admin = "/_synapse/admin/v1";
  return {
    async timelinePage(roomId, from, limit): Promise<TimelinePage> {
      const page = await http.request<{ chunk?: TimelineEvent[]; end?: string }>(
        "GET",
        `${admin}/rooms/${seg(roomId)}/messages`,
        { query: { dir: "f", limit, from } },
      );
      const events = page.chunk ?? [];
      // Synapse leaves `end` out once there is nothing further.
      return { events, next: events.length > 0 ? page.end : undefined };
    },

    async writeMarker(roomId) {
      // A fresh `at` every time: Synapse would answer an identical state event with the old
      // event's ID instead of appending a new one.
      const sent = await http.request<{ event_id: string }>(
        "PUT",
        `/_matrix/client/v3/rooms/${seg(roomId)}/state/${seg(SCRUB_MARKER_TYPE)}/`,
        { body: { at: Date.now() } },
      );
      return sent.event_id;
    },

    async eventsBefore(roomId, eventId, limit) {
      // Synapse splits `limit` between the events before and after.
      const context = await http.request<{ events_before?: TimelineEvent[] }>(
        "GET",
        `${admin}/rooms/${seg(roomId)}/context/${seg(eventId)}`,
        { query: { limit: limit * 2 } },
      );
      return context.events_before ?? [];
    },

    async purgeBefore(roomId, eventId, watch = {}) {
      let purge_id: string;
      const started = performance.now();
      try {
        ({ purge_id } = await http.request<{ purge_id: string }>(
          "POST",
          `${admin}/purge_history/${seg(roomId)}`,
          { body: { delete_local_events: true, purge_up_to_event_id: eventId } },
        ));
      } catch (error) {
        if (error instanceof MatrixApiError && error.status === 404) return "gone";
        throw error;
      }
      const deadline = Date.now() + purgeTimeoutMs;
      // A status poll is one indexed lookup in Synapse: cheap, so poll close to when the purge
      // is due (see nextPollDelay) rather than leave Synapse idle between steps.
      for (let polls = 0; ; polls++) {
        await sleep(nextPollDelay(performance.now() - started, watch.expectedMs, polls));
        const asked = performance.now();
        const status = await http.request<{ status: string; error?: string }>(
          "GET",
          `${admin}/purge_history_status/${seg(purge_id)}`,
        );
        watch.onAnswer?.(performance.now() - asked);
        if (status.status === "complete") return "purged";
        if (status.status === "failed") {
          throw new Error(`purge ${purge_id} of ${roomId} failed: ${status.error ?? "no reason"}`);
        }
        if (Date.now() > deadline) {
          throw new Error(
            `purge ${purge_id} of ${roomId} still running after ${purgeTimeoutMs} ms`,
          );
        }
      }
    },

    async answerMs() {
      const asked = performance.now();
      try {
        await http.request("GET", `${admin}/purge_history_status/staffroom-latency-probe`);
      } catch (error) {
        // The expected answer: no such purge.
        if (!(error instanceof MatrixApiError && error.status === 404)) throw error;
      }
      return performance.now() - asked;
    },

    async deleteMedia(mxcUri) {
      const parsed = parseMxc(mxcUri);
      // Remote media is only a cached copy; the origin server owns it.
      if (parsed === undefined || parsed.server !== options.serverName) return "remote";
      try {
        await (options.mediaHttp ?? http).request(
          "DELETE",
          `${admin}/media/${seg(parsed.server)}/${seg(parsed.mediaId)}`,
        );
        return "gone";
      } catch (error) {
        if (error instanceof MatrixApiError && error.status === 404) return "gone";
        throw error;
      }
    },

    async setRetention(roomId, maxLifetimeMs) {
      await http.request("PUT", `/_matrix/client/v3/rooms/${seg(roomId)}/state/m.room.retention/`, {
        body: retentionContent(maxLifetimeMs),
      });
    },
  };
}
