import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/api/apiError.ts";
import {
  MailError,
  type InviteMail,
  type InviteRecord,
  type MeetingRecord,
  type MeetingRoomGateway,
  type MeetingStore,
} from "../../src/meetings/guestPorts.ts";
import { makeMeetingService, type MeetingServiceDeps } from "../../src/meetings/meetingService.ts";

// The service's decisions with an in-memory store and a scripted gateway; the real tables,
// Synapse and SMTP are covered by tests/integration/meetingGuests.test.ts.

const HOST = "@alice:test";
const meeting: MeetingRecord = {
  id: "m1",
  roomId: "!meet",
  hostUserId: HOST,
  fromRoomId: "!chat",
  name: "Meeting: Desk",
  createdAt: 0,
  endedAt: null,
};

function fakeStore() {
  const invites: InviteRecord[] = [];
  const store: Partial<MeetingStore> = {
    getMeeting: async (id) => (id === meeting.id ? meeting : undefined),
    addInvite: async (invite) => void invites.push(invite),
    audit: async () => undefined,
    deleteInvite: async (id) =>
      void invites.splice(
        invites.findIndex((i) => i.id === id),
        1,
      ),
  };
  return { invites, store: store as MeetingStore };
}

const gateway = { displayName: async () => "Alice" } as Partial<MeetingRoomGateway>;

function service(mail: MeetingServiceDeps["mail"], store: MeetingStore) {
  return makeMeetingService({
    store,
    gateway: gateway as MeetingRoomGateway,
    mail,
    inviteTtlMs: 3_600_000,
    now: () => 1_000,
  });
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("guest invitations", () => {
  it("answer 503 naming the missing setting while mail is not set up, storing nothing", async () => {
    const { invites, store } = fakeStore();
    const error = await refusal(
      service({ missing: "meetings.smtp" }, store).invite(HOST, "m1", "a@b.test"),
    );
    expect(error.status).toBe(503);
    expect(error.errcode).toBe("STAFFROOM_MAIL_UNCONFIGURED");
    expect(error.message).toContain("meetings.smtp");
    expect(invites).toEqual([]);
  });

  it("store only the token's hash, mail the token, and expire after the configured time", async () => {
    const { invites, store } = fakeStore();
    const sent: InviteMail[] = [];
    const mailer = { send: async (mail: InviteMail) => void sent.push(mail) };
    const answer = await service({ mailer, publicUrl: "https://chat.test" }, store).invite(
      HOST,
      "m1",
      "a@b.test",
    );
    expect(answer.expires_at).toBe(new Date(1_000 + 3_600_000).toISOString());
    const token = /#t=(.+)$/.exec(sent[0]?.link ?? "")?.[1] ?? "";
    expect(token).toHaveLength(43);
    expect(invites).toHaveLength(1);
    expect(JSON.stringify(invites)).not.toContain(token);
    expect(invites[0]).toMatchObject({ email: "a@b.test", usedAt: null, expiresAt: 3_601_000 });
  });

  it("keep nothing when the mail server refuses, and say so (502)", async () => {
    const { invites, store } = fakeStore();
    const mailer = {
      send: async () => {
        throw new MailError("the mail server smtp.test:587 did not take the invitation (550)");
      },
    };
    const error = await refusal(
      service({ mailer, publicUrl: "https://chat.test" }, store).invite(HOST, "m1", "a@b.test"),
    );
    expect(error).toMatchObject({ status: 502, errcode: "STAFFROOM_MAIL_FAILED" });
    expect(invites).toEqual([]);
  });

  it("come from the host only", async () => {
    const { store } = fakeStore();
    const mailer = { send: async () => undefined };
    const error = await refusal(
      service({ mailer, publicUrl: "https://chat.test" }, store).invite("@eve:test", "m1", "x@y.z"),
    );
    expect(error).toMatchObject({ status: 403, errcode: "M_FORBIDDEN" });
  });
});

describe("redeeming", () => {
  it("does not depend on mail: links already sent still work once SMTP is taken out", async () => {
    const { store } = fakeStore();
    Object.assign(store, {
      claimInvite: async () => undefined,
      inviteState: async () => ({ expiresAt: 1, usedAt: 500, meetingEndedAt: null }),
    });
    const error = await refusal(
      service({ missing: "meetings.smtp" }, store).redeem("A".repeat(43), "Jane"),
    );
    expect(error).toMatchObject({ status: 410, errcode: "STAFFROOM_INVITE_USED" });
  });
});
