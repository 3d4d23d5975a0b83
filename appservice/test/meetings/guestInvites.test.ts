import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  guestDisplayName,
  hashInviteToken,
  inviteLink,
  isWellFormedToken,
  newGuestLocalpart,
  newInviteToken,
  redeemability,
  REFUSAL_MESSAGES,
  tokenMatches,
} from "../../src/meetings/guestInvites.ts";

describe("invite tokens", () => {
  it("are 256 random bits in base64url, stored only as their SHA-256", () => {
    const { token, hash } = newInviteToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hash).not.toContain(token);
    expect(tokenMatches(token, hash)).toBe(true);
    expect(tokenMatches(newInviteToken().token, hash)).toBe(false);
  });

  it("never repeat", () => {
    const tokens = new Set(Array.from({ length: 500 }, () => newInviteToken().token));
    expect(tokens.size).toBe(500);
  });

  it("hash the same way every time (the lookup key)", () => {
    expect(hashInviteToken("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("refuse malformed input before any lookup", () => {
    expect(isWellFormedToken(newInviteToken().token)).toBe(true);
    for (const bad of ["", "short", "x".repeat(44), `${"a".repeat(42)}=`, `${"a".repeat(42)}/`]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });

  it("travel in the link's fragment, never its path or query", () => {
    const link = inviteLink("https://chat.example.org/", "TOKEN");
    expect(link).toBe("https://chat.example.org/guest#t=TOKEN");
    const url = new URL(link);
    expect(url.pathname).toBe("/guest");
    expect(url.search).toBe("");
  });
});

describe("redeemability", () => {
  const now = 1_000_000;
  const fresh = { expiresAt: now + 1, usedAt: null, meetingEndedAt: null };

  it("is ok while unused, unexpired and the meeting runs", () => {
    expect(redeemability(fresh, now)).toBe("ok");
  });

  it("refuses unknown, used, expired and ended links, each with its own message", () => {
    expect(redeemability(undefined, now)).toBe("unknown");
    expect(redeemability({ ...fresh, usedAt: now - 5 }, now)).toBe("used");
    expect(redeemability({ ...fresh, expiresAt: now }, now)).toBe("expired");
    expect(redeemability({ ...fresh, meetingEndedAt: now - 1 }, now)).toBe("ended");
    expect(new Set(Object.values(REFUSAL_MESSAGES)).size).toBe(4);
    expect(REFUSAL_MESSAGES.used).toMatch(/already been used/);
    expect(REFUSAL_MESSAGES.expired).toMatch(/expired/);
  });

  it("says 'used' for a used link even after it expired (single use comes first)", () => {
    expect(redeemability({ ...fresh, usedAt: now - 10, expiresAt: now - 1 }, now)).toBe("used");
  });
});

describe("guest identities", () => {
  it("live in the appservice's guest_ namespace", () => {
    const localpart = newGuestLocalpart();
    expect(localpart).toMatch(/^guest_[a-z2-7]{16}$/);
    expect(newGuestLocalpart()).not.toBe(localpart);
  });

  it("are named after what the guest typed, marked as a guest", () => {
    expect(guestDisplayName("  Jane   Doe ")).toBe("Jane Doe (guest)");
  });
});
