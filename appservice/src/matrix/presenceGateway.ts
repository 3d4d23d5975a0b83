import type { PresenceInfo, PresenceSource } from "../direct/ports.ts";
import { makeLogger } from "../observability/logger.ts";
import { seg, type BotHttp } from "./botHttp.ts";

const log = makeLogger("Presence");

/** Options of {@link makePresenceGateway}. */
export type PresenceGatewayOptions = {
  /** How long one answer is reused (ms; default 5000): a members panel polls. */
  ttlMs?: number;
  now?: () => number;
};

const STATES = new Set(["online", "unavailable", "offline"]);

/**
 * {@link PresenceSource} over Synapse's `GET /_matrix/client/v3/presence/{userId}/status`, as
 * the bot. Synapse only tells the bot about people it shares a room with (it is in every managed
 * room); anyone else, and any error, reads `unknown` rather than failing the request. Answers
 * are cached briefly and concurrent asks for one user share one request.
 */
export function makePresenceGateway(
  http: BotHttp,
  options: PresenceGatewayOptions = {},
): PresenceSource {
  const ttlMs = options.ttlMs ?? 5000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; value: Promise<PresenceInfo> }>();

  async function fetchPresence(userId: string): Promise<PresenceInfo> {
    try {
      const body = await http.request<Record<string, unknown>>(
        "GET",
        `/_matrix/client/v3/presence/${seg(userId)}/status`,
        { attempts: 2 },
      );
      const presence = typeof body["presence"] === "string" ? body["presence"] : "";
      const info: PresenceInfo = {
        presence: STATES.has(presence) ? (presence as PresenceInfo["presence"]) : "unknown",
      };
      if (typeof body["last_active_ago"] === "number") info.lastActiveAgo = body["last_active_ago"];
      if (typeof body["currently_active"] === "boolean") {
        info.currentlyActive = body["currently_active"];
      }
      if (typeof body["status_msg"] === "string") info.statusMsg = body["status_msg"];
      return info;
    } catch (error) {
      log.debug("presence unknown", { user: userId, error });
      return { presence: "unknown" };
    }
  }

  return {
    presenceOf(userId) {
      const at = now();
      const hit = cache.get(userId);
      if (hit !== undefined && at - hit.at < ttlMs) return hit.value;
      const value = fetchPresence(userId);
      cache.set(userId, { at, value });
      // Drop stale entries now and then so departed users do not stay in memory.
      if (cache.size > 1000) {
        for (const [key, entry] of cache) if (at - entry.at >= ttlMs) cache.delete(key);
      }
      return value;
    },
  };
}
