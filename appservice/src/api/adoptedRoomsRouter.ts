import { Router, type RequestHandler } from "express";
import { UnknownAdoptedRoomError, type AdoptionService } from "../adoption/adoptionService.ts";
import type { AdoptedRoom } from "../adoption/ports.ts";
import type { Org } from "../directory/org.ts";
import { requireAdmin } from "./adminSettingsRouter.ts";
import { ApiError } from "./apiError.ts";
import { authenticatedUser } from "./auth.ts";
import {
  roomPolicyRequestSchema,
  type AdoptedRoomView,
  type AdoptedRoomsResponse,
} from "./contract.ts";
import { homeserverCall } from "./directRouter.ts";
import { EMPTY_BODY, parseBody } from "./validate.ts";

/** What {@link makeAdoptedRoomsRouter} needs. */
export type AdoptedRoomsRouterDeps = {
  auth: RequestHandler;
  getOrg: () => Org;
  adoption: Pick<AdoptionService, "list" | "scan" | "setExcluded">;
};

/**
 * Rooms made in other clients, for org admins (mounted under /api): `GET /admin/rooms` lists
 * them, `POST /admin/rooms/scan` looks for new ones now and lists them, and
 * `PUT /admin/rooms/{room_id}/policy` `{"excluded": bool}` takes one out of the policy or puts
 * it back.
 */
export function makeAdoptedRoomsRouter(deps: AdoptedRoomsRouterDeps): Router {
  const router = Router();
  const admin = (res: Parameters<typeof authenticatedUser>[0], what: string) => {
    const userId = authenticatedUser(res);
    requireAdmin(deps.getOrg, userId, what);
    return userId;
  };
  const listing = async (): Promise<AdoptedRoomsResponse> => ({
    rooms: (await deps.adoption.list()).map(toView),
  });

  router.get("/admin/rooms", deps.auth, async (_req, res) => {
    admin(res, "see rooms made in other clients");
    res.json(await listing());
  });
  router.post("/admin/rooms/scan", deps.auth, async (req, res) => {
    admin(res, "look for rooms made in other clients");
    parseBody(EMPTY_BODY, req);
    await homeserverCall(() => deps.adoption.scan());
    res.json(await listing());
  });
  router.put("/admin/rooms/:roomId/policy", deps.auth, async (req, res) => {
    const userId = admin(res, "change which rooms are under the policy");
    const { excluded } = parseBody(roomPolicyRequestSchema, req);
    const roomId = String(req.params["roomId"]);
    try {
      const room = await homeserverCall(() => deps.adoption.setExcluded(roomId, excluded, userId));
      res.json(toView(room) satisfies AdoptedRoomView);
    } catch (error) {
      if (error instanceof UnknownAdoptedRoomError) {
        throw new ApiError(
          "M_NOT_FOUND",
          `${roomId} is not a room made in another client (Staffroom's own rooms are always under the policy)`,
        );
      }
      throw error;
    }
  });
  return router;
}

/** The API's view of an adopted or listed room. */
export function toView(room: AdoptedRoom): AdoptedRoomView {
  return {
    room_id: room.roomId,
    kind: room.kind,
    name: room.name,
    status: room.status,
    excluded: room.excluded,
    members: room.members,
    outsiders: room.outsiders,
    found_at: room.foundAt.toISOString(),
  };
}
