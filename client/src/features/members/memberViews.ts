import type { DepartmentMembersResponse } from "@staffroom/appservice/contract";

/** Presence as the members list shows it. */
export type MemberPresence = "online" | "unavailable" | "offline" | "unknown";

/** One row of the members dialog. */
export type MemberView = {
  userId: string;
  displayName: string;
  isAdmin: boolean;
  presence: MemberPresence;
  statusMsg?: string;
};

/** Words for each presence, shown next to the dot so colour is never the only signal. */
export const presenceLabel: Record<MemberPresence, string> = {
  online: "Online",
  unavailable: "Away",
  offline: "Offline",
  unknown: "Status unknown",
};

const order: Record<MemberPresence, number> = { online: 0, unavailable: 1, offline: 2, unknown: 3 };

/**
 * Maps the `/api` answer to rows: live Matrix presence (when the client knows it) wins over the
 * appservice's snapshot, which can be up to one refresh old; online people first, then by name.
 * @param response - `GET /api/departments/{id}/members`
 * @param live - presence the Matrix client saw, by user ID (`unknown` entries are ignored)
 * @returns sorted {@link MemberView}s
 */
export function toMemberViews(
  response: DepartmentMembersResponse,
  live: ReadonlyMap<string, MemberPresence> = new Map(),
): MemberView[] {
  return response.members
    .map((m): MemberView => {
      const seen = live.get(m.user_id);
      const view: MemberView = {
        userId: m.user_id,
        displayName: m.display_name,
        isAdmin: m.is_admin,
        presence: seen && seen !== "unknown" ? seen : m.presence,
      };
      if (m.status_msg) view.statusMsg = m.status_msg;
      return view;
    })
    .sort(
      (a, b) =>
        order[a.presence] - order[b.presence] ||
        a.displayName.localeCompare(b.displayName, "en", { sensitivity: "base" }),
    );
}
