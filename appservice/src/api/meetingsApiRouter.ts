import { Router, type RequestHandler } from "express";
import { findOperator, type Org } from "../directory/org.ts";
import type { MeetingService } from "../meetings/meetingService.ts";
import { ApiError } from "./apiError.ts";
import { authenticatedUser } from "./auth.ts";
import {
  createMeetingRequestSchema,
  meetingInviteRequestSchema,
  redeemRequestSchema,
  type EndMeetingResponse,
  type Meeting,
  type MeetingInviteResponse,
  type MeetingsList,
  type RedeemResponse,
} from "./contract.ts";
import { homeserverCall } from "./directRouter.ts";
import { EMPTY_BODY, parseBody } from "./validate.ts";

/** What {@link makeMeetingsApiRouter} needs. */
export type MeetingsApiRouterDeps = {
  auth: RequestHandler;
  getOrg: () => Org;
  /** The service, or why meetings are off (every route then answers 503 M_UNAVAILABLE). */
  meetings: { enabled: true; service: MeetingService } | { enabled: false; reason: string };
};

/**
 * Meetings with guests (mounted under /api):
 *
 *   POST /meetings                 {from_room_id} → {meeting_id, room_id, name, host_user_id, ended_at}
 *   GET  /meetings                 → {meetings: [...]} the caller's running meetings
 *   GET  /meetings/{id}            (host) → the meeting
 *   POST /meetings/{id}/invites    (host) {email} → 201 {invite_id, expires_at}
 *   POST /meetings/{id}/end        (host) → {meeting_id, ended_at, guests_deactivated}
 *   POST /guests/redeem            (no auth) {token, display_name} → the guest's login
 *
 * Only staff in the directory may start meetings (guests hold Matrix tokens too).
 */
export function makeMeetingsApiRouter(deps: MeetingsApiRouterDeps): Router {
  const router = Router();
  const service = (): MeetingService => {
    if (!deps.meetings.enabled) {
      throw new ApiError("M_UNAVAILABLE", `Meetings are unavailable: ${deps.meetings.reason}`);
    }
    return deps.meetings.service;
  };
  const staff: RequestHandler = (_req, res, next) => {
    if (findOperator(deps.getOrg(), authenticatedUser(res)) === undefined) {
      throw new ApiError("M_FORBIDDEN", "Only staff listed in the directory can host meetings");
    }
    next();
  };

  router.post("/meetings", deps.auth, staff, async (req, res) => {
    const meetings = service();
    const { from_room_id } = parseBody(createMeetingRequestSchema, req);
    const body: Meeting = await homeserverCall(() =>
      meetings.create(authenticatedUser(res), from_room_id),
    );
    res.status(201).json(body);
  });

  router.get("/meetings", deps.auth, staff, async (_req, res) => {
    const body: MeetingsList = { meetings: await service().running(authenticatedUser(res)) };
    res.json(body);
  });

  router.get("/meetings/:id", deps.auth, staff, async (req, res) => {
    const body: Meeting = await service().get(authenticatedUser(res), String(req.params.id));
    res.json(body);
  });

  router.post("/meetings/:id/invites", deps.auth, staff, async (req, res) => {
    const meetings = service();
    const { email } = parseBody(meetingInviteRequestSchema, req);
    const body: MeetingInviteResponse = await meetings.invite(
      authenticatedUser(res),
      String(req.params.id),
      email,
    );
    res.status(201).json(body);
  });

  router.post("/meetings/:id/end", deps.auth, staff, async (req, res) => {
    const meetings = service();
    parseBody(EMPTY_BODY, req);
    const body: EndMeetingResponse = await homeserverCall(() =>
      meetings.end(authenticatedUser(res), String(req.params.id)),
    );
    res.json(body);
  });

  router.post("/guests/redeem", async (req, res) => {
    const meetings = service();
    const { token, display_name } = parseBody(redeemRequestSchema, req);
    const body: RedeemResponse = await homeserverCall(() => meetings.redeem(token, display_name));
    res.json(body);
  });

  return router;
}
