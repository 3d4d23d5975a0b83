import type { Knex } from "knex";
import { expect, it } from "vitest";
import { makeMeetingStore } from "../../appservice/src/db/meetingStore.ts";
import { hashInviteToken, newInviteToken } from "../../appservice/src/meetings/guestInvites.ts";
import type { InviteRecord } from "../../appservice/src/meetings/guestPorts.ts";
import { forEachDatabase } from "../harness/databases.ts";

// The meeting tables (migration 0007) on SQLite and a real PostgreSQL: single use enforced by
// the database under concurrent redeems, expiry and ended meetings refused in the same
// statement, and the sweep's query. The suite shares one database per engine: each test uses
// its own meeting.

const NOW = 1_800_000_000_000;

async function setUp(getDb: () => Knex, id: string) {
  const store = makeMeetingStore(getDb());
  await store.addMeeting({
    id,
    roomId: `!${id}:s`,
    hostUserId: "@alice:s",
    fromRoomId: "!chat:s",
    name: "Meeting: Desk",
    createdAt: NOW,
    endedAt: null,
  });
  const invite = (expiresAt: number): InviteRecord & { token: string } => {
    const { token, hash } = newInviteToken();
    return {
      token,
      id: `${id}-${hash.slice(0, 8)}`,
      meetingId: id,
      email: "guest@example.test",
      tokenHash: hash,
      invitedBy: "@alice:s",
      createdAt: NOW,
      expiresAt,
      usedAt: null,
    };
  };
  return { store, invite };
}

forEachDatabase("meetingStore", (getDb) => {
  it("lets exactly one of many concurrent redeems win a link", async () => {
    const { store, invite } = await setUp(getDb, "m-race");
    const link = invite(NOW + 60_000);
    await store.addInvite(link);
    const claims = await Promise.all(
      Array.from({ length: 12 }, () => store.claimInvite(hashInviteToken(link.token), NOW)),
    );
    const winners = claims.filter((claim) => claim !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ id: link.id, usedAt: NOW, expiresAt: NOW + 60_000 });
    expect(await store.inviteState(link.tokenHash)).toEqual({
      expiresAt: NOW + 60_000,
      usedAt: NOW,
      meetingEndedAt: null,
    });
    // A failed redeem gives the link back.
    await store.releaseInvite(link.id);
    expect(await store.claimInvite(link.tokenHash, NOW + 1)).toMatchObject({ usedAt: NOW + 1 });
  });

  it("refuses expired links and links of ended meetings in the claim itself", async () => {
    const { store, invite } = await setUp(getDb, "m-expiry");
    const expired = invite(NOW);
    await store.addInvite(expired);
    expect(await store.claimInvite(expired.tokenHash, NOW)).toBeUndefined();
    expect(await store.inviteState(expired.tokenHash)).toMatchObject({ usedAt: null });

    const live = invite(NOW + 60_000);
    await store.addInvite(live);
    expect(await store.endMeeting("m-expiry", NOW + 5)).toBe(true);
    expect(await store.endMeeting("m-expiry", NOW + 6)).toBe(false);
    expect(await store.claimInvite(live.tokenHash, NOW + 10)).toBeUndefined();
    expect(await store.inviteState(live.tokenHash)).toEqual({
      expiresAt: NOW + 60_000,
      usedAt: null,
      meetingEndedAt: NOW + 5,
    });
    expect(await store.inviteState(hashInviteToken("unknown"))).toBeUndefined();
  });

  it("finds guests due for deactivation: expired, or of an ended meeting", async () => {
    const { store, invite } = await setUp(getDb, "m-sweep");
    const link = invite(NOW + 60_000);
    await store.addInvite(link);
    const guest = (userId: string, expiresAt: number) => ({
      userId,
      meetingId: "m-sweep",
      inviteId: link.id,
      displayName: "G (guest)",
      createdAt: NOW,
      expiresAt,
      deactivatedAt: null,
    });
    await store.addGuest(guest("@guest_sweepa:s", NOW + 10));
    await store.addGuest(guest("@guest_sweepb:s", NOW + 60_000));
    const due = async (at: number) =>
      (await store.guestsDue(at)).map((g) => g.userId).filter((id) => id.includes("sweep"));
    expect(await due(NOW)).toEqual([]);
    expect(await due(NOW + 10)).toEqual(["@guest_sweepa:s"]);
    await store.markDeactivated("@guest_sweepa:s", NOW + 11);
    expect(await store.getGuest("@guest_sweepa:s")).toMatchObject({ deactivatedAt: NOW + 11 });
    expect(await due(NOW + 20)).toEqual([]);
    await store.endMeeting("m-sweep", NOW + 30);
    expect(await due(NOW + 31)).toEqual(["@guest_sweepb:s"]);
    expect((await store.liveGuests("m-sweep")).map((g) => g.userId)).toEqual(["@guest_sweepb:s"]);
  });
});
