/**
 * The LiveKit token service's decisions, one function per route. Every request proves who it is
 * with a Matrix OpenID token (checked with our Synapse) and, unlike lk-jwt-service, must come
 * from a member joined to the room: anyone else gets 403. Then the LiveKit room is created
 * (clients can't: `room.auto_create` is off) and a one-hour join token minted.
 */
import { ApiError } from "../api/apiError.ts";
import { makeLogger } from "../observability/logger.ts";
import {
  legacyLivekitIdentity,
  livekitIdentity,
  livekitRoomAlias,
  ROOM_CALL_SLOT,
} from "./livekitIds.ts";
import { SfuUnavailableError, type MeetingsHomeserver, type Sfu } from "./ports.ts";
import type { GetTokenRequest, LegacySfuRequest, SfuTokenResponse } from "./tokenRequests.ts";

const log = makeLogger("Meetings");

/** What {@link makeTokenService} needs. */
export type TokenServiceDeps = {
  /** Our server name: OpenID tokens of other homeservers are refused. */
  serverName: string;
  homeserver: MeetingsHomeserver;
  sfu: Sfu;
};

/** The two token routes' logic. Throws {@link ApiError}s for the router to answer with. */
export type TokenService = {
  getToken(request: GetTokenRequest): Promise<SfuTokenResponse>;
  legacySfuGet(request: LegacySfuRequest): Promise<SfuTokenResponse>;
};

/** Builds the {@link TokenService}. */
export function makeTokenService(deps: TokenServiceDeps): TokenService {
  async function verifiedUser(token: GetTokenRequest["openid_token"]): Promise<string> {
    if (token.matrix_server_name !== deps.serverName) {
      throw new ApiError(
        "M_FORBIDDEN",
        `This server issues meeting tokens to ${deps.serverName} accounts only, not ${token.matrix_server_name}.`,
      );
    }
    const result = await deps.homeserver.openIdUser(token.access_token);
    if (result.status === "unavailable") {
      throw new ApiError(
        "STAFFROOM_HOMESERVER_UNAVAILABLE",
        `The homeserver could not check the OpenID token: ${result.reason}`,
      );
    }
    if (result.status === "invalid") {
      throw new ApiError(
        "M_UNAUTHORIZED",
        "The OpenID token was not accepted by the homeserver (expired or unknown); request a new one.",
      );
    }
    return result.userId;
  }

  async function requireMember(roomId: string, userId: string): Promise<void> {
    if (!(await deps.homeserver.isJoined(roomId, userId))) {
      throw new ApiError("M_FORBIDDEN", `${userId} is not a member of ${roomId}.`);
    }
  }

  async function issue(room: string, identity: string, userId: string, roomId: string) {
    try {
      await deps.sfu.ensureRoom(room);
      const jwt = await deps.sfu.mintToken(room, identity);
      log.info("issued a meeting token", { user: userId, room_id: roomId, livekit_room: room });
      return { url: deps.sfu.url, jwt };
    } catch (error) {
      if (error instanceof SfuUnavailableError) throw new ApiError("M_UNAVAILABLE", error.message);
      throw error;
    }
  }

  return {
    async getToken(request) {
      const userId = await verifiedUser(request.openid_token);
      if (request.member.claimed_user_id !== userId) {
        throw new ApiError(
          "M_UNAUTHORIZED",
          `member.claimed_user_id (${request.member.claimed_user_id}) is not the OpenID token's user (${userId}).`,
        );
      }
      await requireMember(request.room_id, userId);
      const room = livekitRoomAlias(request.room_id, request.slot_id);
      const identity = livekitIdentity(userId, request.member.claimed_device_id, request.member.id);
      return issue(room, identity, userId, request.room_id);
    },

    async legacySfuGet(request) {
      const userId = await verifiedUser(request.openid_token);
      await requireMember(request.room, userId);
      const room = livekitRoomAlias(request.room, ROOM_CALL_SLOT);
      return issue(room, legacyLivekitIdentity(userId, request.device_id), userId, request.room);
    },
  };
}
