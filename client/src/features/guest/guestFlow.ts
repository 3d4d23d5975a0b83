import type { RedeemResponse } from "@staffroom/appservice/contract";

// The guest page's pure parts: reading the link, remembering the guest's login for a reload of
// the same tab, and what to show for a membership. No Matrix, no fetch.

/** What the guest sees once the link was redeemed. */
export type GuestStage = "waiting" | "joining" | "in" | "denied" | "removed" | "ended";

/**
 * The stage for the guest's own membership of the meeting room.
 * @param membership - "" before the room arrived, then "knock", "invite", "join", "leave", "ban"
 * @param wasIn - whether the guest had joined before (a later leave is a removal, not a denial)
 * @param ended - the account was deactivated (meeting over, or the invitation expired)
 */
export function guestStage(membership: string, wasIn: boolean, ended: boolean): GuestStage {
  // A kick before joining is a denial even though the account goes right after it.
  if ((membership === "leave" || membership === "ban") && !wasIn) return "denied";
  if (ended) return "ended";
  switch (membership) {
    case "join":
      return "in";
    case "invite":
      return "joining";
    case "leave":
    case "ban":
      return wasIn ? "removed" : "denied";
    default:
      return "waiting";
  }
}

/** The token in a `/guest#t=<token>` link's fragment, or null. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const token = params.get("t");
  return token === null || token.trim() === "" ? null : token.trim();
}

/** Where a redeemed login waits for a reload of the same tab (never localStorage). */
export const GUEST_STORAGE_KEY = "staffroom.guest";

type Stored = { token: string; login: RedeemResponse };

/** Remembers the login for this tab. */
export function saveGuestLogin(storage: Storage, token: string, login: RedeemResponse): void {
  storage.setItem(GUEST_STORAGE_KEY, JSON.stringify({ token, login } satisfies Stored));
}

/**
 * The login saved by this tab for `token` (or for any link when the address has none left);
 * undefined when there is none or it is unreadable.
 */
export function loadGuestLogin(storage: Storage, token: string | null): RedeemResponse | undefined {
  try {
    const raw = storage.getItem(GUEST_STORAGE_KEY);
    if (raw === null) return undefined;
    const stored = JSON.parse(raw) as Partial<Stored>;
    if (typeof stored.login?.access_token !== "string") return undefined;
    if (token !== null && stored.token !== token) return undefined;
    return stored.login;
  } catch {
    return undefined;
  }
}

/** Forgets the login (the meeting ended, or the guest was turned away). */
export function clearGuestLogin(storage: Storage): void {
  storage.removeItem(GUEST_STORAGE_KEY);
}
