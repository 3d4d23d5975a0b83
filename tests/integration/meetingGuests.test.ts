/**
 * Meetings with email-invited guests on real Synapse, a real LiveKit and a local SMTP sink:
 * a host starts a meeting from a chat, invites an address, the mailed link is redeemed into a
 * short-lived `@guest_…` that knocks; the host admits (invite) or denies (kick) over plain
 * Matrix; only admitted guests get a LiveKit token; links work once; ending the meeting and the
 * expiry sweep deactivate guests.
 */
import { describe, expect, it } from "vitest";
import type {
  Meeting,
  MeetingInviteResponse,
  RedeemResponse,
} from "../../appservice/src/api/contract.ts";
import { callApi } from "../harness/appserviceApi.ts";
import { openIdTokenOf, requestLivekitToken } from "../harness/livekitTokens.ts";
import { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { useSmtpSink } from "../harness/smtpSink.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

const PUBLIC_URL = "http://staffroom.test:8080";
const smtp = useSmtpSink();

const env = useTestEnv({
  users: ["alice", "bob"],
  livekit: true,
  meetings: () => ({
    public_url: PUBLIC_URL,
    smtp: { host: smtp().host, port: smtp().port, from: "Staffroom <staffroom@staffroom.test>" },
  }),
});

const api = <T>(method: string, path: string, token?: string, body?: unknown) =>
  callApi<T>(env().appserviceUrl, method, path, token, body);

const alice = () => env().getUser("alice");

async function startMeeting(): Promise<Meeting> {
  const chat = await alice().createRoom({ name: "Circulation desk" });
  const { status, body } = await api<Meeting>("POST", "/meetings", alice().accessToken, {
    from_room_id: chat,
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

/** Invites `email` and returns the token from the link in the mail. */
async function inviteByMail(meeting: Meeting, email: string): Promise<string> {
  const invite = await api<MeetingInviteResponse>(
    "POST",
    `/meetings/${meeting.meeting_id}/invites`,
    alice().accessToken,
    { email },
  );
  expect(invite.status, JSON.stringify(invite.body)).toBe(201);
  const mail = await smtp().waitForMail(email);
  expect(mail.subject).toBe(`Invitation: ${meeting.name}`);
  const link = /(http\S+\/guest#t=(\S+))/.exec(mail.text);
  expect(link?.[1]).toMatch(new RegExp(`^${PUBLIC_URL}/guest#t=`));
  return link?.[2] ?? "";
}

async function redeem(token: string, name: string) {
  return api<RedeemResponse>("POST", "/guests/redeem", undefined, { token, display_name: name });
}

function guestClient(login: RedeemResponse): MatrixTestClient {
  return new MatrixTestClient(env().synapse.url, login.user_id, login.access_token);
}

async function livekitToken(client: MatrixTestClient, roomId: string, deviceId: string) {
  const openid = await openIdTokenOf(client);
  return requestLivekitToken(
    env().appserviceUrl,
    { userId: client.userId, deviceId, openid },
    roomId,
  );
}

async function stateOf<T>(roomId: string, type: string): Promise<T> {
  return alice().request<T>(
    "GET",
    `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${type}/`,
  );
}

describe("meetings with guests", () => {
  it("start in a dedicated knock-only room with the host joined and call members at PL 0", async () => {
    const meeting = await startMeeting();
    expect(meeting.name).toBe("Meeting: Circulation desk");
    const running = await api<{ meetings: Meeting[] }>("GET", "/meetings", alice().accessToken);
    expect(running.body.meetings[0]).toEqual(meeting);
    expect(await alice().membership(meeting.room_id, alice().userId)).toBe("join");
    expect(await stateOf(meeting.room_id, "m.room.join_rules")).toEqual({ join_rule: "knock" });
    expect(await stateOf(meeting.room_id, "m.room.history_visibility")).toEqual({
      history_visibility: "joined",
    });
    const levels = await stateOf<Record<string, unknown>>(meeting.room_id, "m.room.power_levels");
    expect(levels).toMatchObject({
      invite: 50,
      kick: 50,
      users: { [alice().userId]: 50 },
      events: { "org.matrix.msc3401.call.member": 0 },
    });
    expect(await stateOf(meeting.room_id, "org.staffroom.meeting")).toEqual({
      meeting_id: meeting.meeting_id,
      host: alice().userId,
    });
  });

  it("refuse hosts who are not in the chat, and invites from anyone but the host", async () => {
    const bob = env().getUser("bob");
    const aliceOnly = await alice().createRoom({ name: "Private" });
    const outsider = await api("POST", "/meetings", bob.accessToken, { from_room_id: aliceOnly });
    expect(outsider.status).toBe(403);
    const meeting = await startMeeting();
    const notHost = await api("POST", `/meetings/${meeting.meeting_id}/invites`, bob.accessToken, {
      email: "x@example.test",
    });
    expect(notHost).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    const bad = await api("POST", `/meetings/${meeting.meeting_id}/invites`, alice().accessToken, {
      email: "not an address",
    });
    expect(bad).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^email: /) } });
  });

  it("admit a mailed guest: redeem → knock seen by the host → invite → joined, with a LiveKit token", async () => {
    const meeting = await startMeeting();
    const token = await inviteByMail(meeting, "jane@example.test");
    const { status, body: login } = await redeem(token, "Jane Doe");
    expect(status, JSON.stringify(login)).toBe(200);
    expect(login).toMatchObject({
      user_id: expect.stringMatching(new RegExp(`^@guest_[a-z2-7]{16}:${env().serverName}$`)),
      room_id: meeting.room_id,
      meeting_name: meeting.name,
      homeserver_url: PUBLIC_URL,
    });
    const guest = guestClient(login);
    const whoami = await guest.request<{ user_id: string; device_id: string }>(
      "GET",
      "/_matrix/client/v3/account/whoami",
    );
    expect(whoami).toEqual(expect.objectContaining({ user_id: login.user_id }));
    // The host sees the knock, with the guest's name and the invited address.
    const knock = await alice().request<Record<string, unknown>>(
      "GET",
      `/_matrix/client/v3/rooms/${encodeURIComponent(meeting.room_id)}/state/m.room.member/${encodeURIComponent(login.user_id)}`,
    );
    expect(knock).toMatchObject({
      membership: "knock",
      displayname: "Jane Doe (guest)",
      reason: "Invited by email as jane@example.test",
    });
    const refused = await livekitToken(guest, meeting.room_id, login.device_id);
    expect(refused, JSON.stringify(refused.body)).toMatchObject({ status: 403 });

    await alice().request(
      "POST",
      `/_matrix/client/v3/rooms/${encodeURIComponent(meeting.room_id)}/invite`,
      { user_id: login.user_id },
    );
    await guest.request(
      "POST",
      `/_matrix/client/v3/join/${encodeURIComponent(meeting.room_id)}`,
      {},
    );
    await alice().waitForRoomJoin({ roomId: meeting.room_id, sender: login.user_id });
    const sfu = await livekitToken(guest, meeting.room_id, login.device_id);
    expect(sfu, JSON.stringify(sfu.body)).toMatchObject({
      status: 200,
      body: { url: env().livekit?.wsUrl, jwt: expect.any(String) },
    });
    // Guests only ever see the meeting room.
    const joined = await guest.request<{ joined_rooms: string[] }>(
      "GET",
      "/_matrix/client/v3/joined_rooms",
    );
    expect(joined.joined_rooms).toEqual([meeting.room_id]);

    // The link works once: a second redeem makes no account.
    const guestsBefore = await env().appservice.db("meeting_guests").count({ n: "*" });
    const again = await redeem(token, "Someone Else");
    expect(again).toMatchObject({
      status: 410,
      body: { errcode: "STAFFROOM_INVITE_USED", error: expect.stringMatching(/already been used/) },
    });
    expect(await env().appservice.db("meeting_guests").count({ n: "*" })).toEqual(guestsBefore);

    // Ending the meeting deactivates the guest: its token stops working.
    const ended = await api<{ guests_deactivated: number }>(
      "POST",
      `/meetings/${meeting.meeting_id}/end`,
      alice().accessToken,
    );
    expect(ended).toMatchObject({ status: 200, body: { guests_deactivated: 1 } });
    await expect(guest.request("GET", "/_matrix/client/v3/account/whoami")).rejects.toMatchObject({
      status: 401,
    });
    const audit = await env()
      .appservice.db("audit_log")
      .whereIn("action", [
        "meeting.start",
        "meeting.invite",
        "meeting.redeem",
        "meeting.end",
        "guest.deactivate",
      ])
      .whereIn("target", [meeting.meeting_id, login.user_id])
      .orderBy("id")
      .select("actor", "action");
    expect(audit).toEqual([
      { actor: alice().userId, action: "meeting.start" },
      { actor: alice().userId, action: "meeting.invite" },
      { actor: login.user_id, action: "meeting.redeem" },
      { actor: alice().userId, action: "meeting.end" },
      { actor: "staffroom", action: "guest.deactivate" },
    ]);
    const late = await api("POST", `/meetings/${meeting.meeting_id}/invites`, alice().accessToken, {
      email: "late@example.test",
    });
    expect(late).toMatchObject({ status: 410, body: { errcode: "STAFFROOM_MEETING_ENDED" } });
  });

  it("deny a guest: kicked, deactivated seconds later, and refused a LiveKit token", async () => {
    const meeting = await startMeeting();
    const { body: login } = await redeem(await inviteByMail(meeting, "eve@example.test"), "Eve");
    const guest = guestClient(login);
    const openid = await openIdTokenOf(guest);
    await waitFor("the knock", async () =>
      (await alice().membership(meeting.room_id, login.user_id)) === "knock" ? true : undefined,
    );
    await alice().request(
      "POST",
      `/_matrix/client/v3/rooms/${encodeURIComponent(meeting.room_id)}/kick`,
      { user_id: login.user_id, reason: "Not admitted by the host" },
    );
    // Turned away means gone: the appservice deactivates the guest 5 s after its kick (the grace
    // lets its page read the kick first).
    await waitFor("the denied guest's deactivation", async () =>
      (await guest.request("GET", "/_matrix/client/v3/account/whoami").catch(() => null)) === null
        ? true
        : undefined,
    );
    // Synapse refuses the token as soon as the account is deactivated; the appservice records
    // it right after, so wait for its row too rather than reading it at once.
    const row = await waitFor("the deactivation recorded", async () => {
      const found = (await env()
        .appservice.db("meeting_guests")
        .where({ user_id: login.user_id })
        .first()) as { deactivated_at: unknown } | undefined;
      return found?.deactivated_at != null ? found : undefined;
    });
    expect(row.deactivated_at).not.toBeNull();
    expect(await alice().membership(meeting.room_id, login.user_id)).toBe("leave");
    await expect(
      guest.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(meeting.room_id)}`, {}),
    ).rejects.toMatchObject({ status: 401 });
    // An OpenID token it got while knocking buys no LiveKit token either.
    const refused = await requestLivekitToken(
      env().appserviceUrl,
      { userId: login.user_id, deviceId: login.device_id, openid },
      meeting.room_id,
    );
    expect(refused.status, JSON.stringify(refused.body)).toBeGreaterThanOrEqual(401);
    expect(refused.status).toBeLessThanOrEqual(403);
  });

  it("refuse unknown and expired links without making an account; the sweep removes expired guests", async () => {
    const meeting = await startMeeting();
    const unknown = await redeem("A".repeat(43), "Mallory");
    expect(unknown).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    const malformed = await redeem("../../etc", "Mallory");
    expect(malformed.status).toBe(404);

    const db = env().appservice.db;
    const expiredToken = await inviteByMail(meeting, "old@example.test");
    await db("meeting_invites").where({ email: "old@example.test" }).update({ expires_at: 1 });
    const guestsBefore = await db("meeting_guests").count({ n: "*" });
    const expired = await redeem(expiredToken, "Oldie");
    expect(expired).toMatchObject({
      status: 410,
      body: { errcode: "STAFFROOM_INVITE_EXPIRED", error: expect.stringMatching(/expired/) },
    });
    expect(await db("meeting_guests").count({ n: "*" })).toEqual(guestsBefore);

    const { body: login } = await redeem(await inviteByMail(meeting, "sam@example.test"), "Sam");
    const guest = guestClient(login);
    await db("meeting_guests").where({ user_id: login.user_id }).update({ expires_at: Date.now() });
    const service = env().appservice.meetings;
    expect(service).toBeDefined();
    expect(await service?.sweep()).toBe(1);
    await expect(guest.request("GET", "/_matrix/client/v3/account/whoami")).rejects.toMatchObject({
      status: 401,
    });
    expect(await alice().membership(meeting.room_id, login.user_id)).toBe("leave");
  });
});
