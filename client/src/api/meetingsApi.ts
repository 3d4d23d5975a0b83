import type {
  EndMeetingResponse,
  Meeting,
  MeetingInviteResponse,
  MeetingsList,
  RedeemResponse,
} from "@staffroom/appservice/contract";
import { createRequest, type ApiRequest } from "./httpRequest.ts";

/** The host's meeting routes (`/api/meetings/*`, staff only). */
export interface MeetingsApi {
  /** `POST /api/meetings`: a new meeting room for a meeting started from `fromRoomId`. */
  createMeeting(fromRoomId: string): Promise<Meeting>;
  /** `GET /api/meetings`: the caller's running meetings as host, newest first. */
  runningMeetings(): Promise<MeetingsList>;
  /** `POST /api/meetings/{id}/invites`: mails a single-use guest link to `email`. */
  inviteGuest(meetingId: string, email: string): Promise<MeetingInviteResponse>;
  /** `POST /api/meetings/{id}/end`: ends the meeting; its guests are removed. */
  endMeeting(meetingId: string): Promise<EndMeetingResponse>;
}

/** The host's meeting routes over the signed-in request function. */
export function createMeetingsApi(request: ApiRequest): MeetingsApi {
  const path = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;
  return {
    createMeeting: (fromRoomId) =>
      request<Meeting>("POST", "/api/meetings", { from_room_id: fromRoomId }),
    runningMeetings: () => request<MeetingsList>("GET", "/api/meetings"),
    inviteGuest: (id, email) =>
      request<MeetingInviteResponse>("POST", `${path(id)}/invites`, { email }),
    endMeeting: (id) => request<EndMeetingResponse>("POST", `${path(id)}/end`, {}),
  };
}

/**
 * `POST /api/guests/redeem` (no sign-in): turns the link's token and the typed name into the
 * guest's short-lived Matrix login, already knocking. Rejects with an `ApiError` whose
 * message can be shown as is ("already been used", "expired", …).
 */
export function redeemGuestLink(
  token: string,
  displayName: string,
  fetchFn?: typeof fetch,
): Promise<RedeemResponse> {
  return createRequest({ fetch: fetchFn })<RedeemResponse>("POST", "/api/guests/redeem", {
    token,
    display_name: displayName,
  });
}
