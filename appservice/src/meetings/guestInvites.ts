/**
 * Guest invite links, pure: the token (256 random bits, base64url), the only thing stored about
 * it (its SHA-256), the link that carries it (in the fragment, so it stays out of server and
 * proxy logs) and why a token can't be redeemed. The store enforces single use atomically; this
 * module decides what to tell the guest.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh invite token and the hash to store. */
export type NewInviteToken = { token: string; hash: string };

/** base64url of 32 bytes: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Makes a new token: 256 bits from the OS's CSPRNG. */
export function newInviteToken(): NewInviteToken {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashInviteToken(token) };
}

/** The stored form of a token: lowercase hex SHA-256. */
export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether `token` hashes to `hash` (constant time; for callers that hold a hash). */
export function tokenMatches(token: string, hash: string): boolean {
  const actual = Buffer.from(hashInviteToken(token), "hex");
  const expected = Buffer.from(hash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a string has the shape of one of our tokens (cheap check before any lookup). */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** The guest page's link: `<public_url>/guest#t=<token>`. */
export function inviteLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/guest#t=${token}`;
}

/** What the store knows about an invite when a redeem did not win it. */
export type InviteState = {
  expiresAt: number;
  usedAt: number | null;
  meetingEndedAt: number | null;
};

/** Why a token can't be redeemed (or `ok`). */
export type RedeemRefusal = "unknown" | "used" | "expired" | "ended";

/**
 * Why an invite can't be redeemed at `now`, or `"ok"`. Order matters for the message: a used
 * link says "already used" even after it expired, since that is what the guest needs to know.
 */
export function redeemability(invite: InviteState | undefined, now: number): RedeemRefusal | "ok" {
  if (invite === undefined) return "unknown";
  if (invite.usedAt !== null) return "used";
  if (invite.meetingEndedAt !== null) return "ended";
  if (invite.expiresAt <= now) return "expired";
  return "ok";
}

/** The guest-facing sentence for each refusal. */
export const REFUSAL_MESSAGES: Record<RedeemRefusal, string> = {
  unknown:
    "This invitation link is not valid. Check that you copied the whole link from the email.",
  used: "This invitation link has already been used. Ask the host to invite you again.",
  expired: "This invitation link has expired. Ask the host to invite you again.",
  ended: "This meeting has ended.",
};

/** Guest localparts: `guest_` + 16 lowercase base32-ish characters (the registration's regex). */
export function newGuestLocalpart(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const bytes = randomBytes(16);
  let out = "guest_";
  for (const byte of bytes) out += alphabet[byte % 32];
  return out;
}

/** Display name of a guest: what they typed, trimmed, plus " (guest)". */
export function guestDisplayName(typed: string): string {
  return `${typed.trim().replace(/\s+/g, " ")} (guest)`;
}
