import { createResource, type Accessor } from "solid-js";
import type { StaffroomApi } from "../../api/apiClient.ts";
import { userMessageOf } from "../../lib/userFacingError.ts";

/** What the shell knows about the person from the appservice (`GET /api/me`). */
export interface OrgProfile {
  /** True once `/api/me` answered `is_admin: true`; false while loading or unavailable. */
  isAdmin: Accessor<boolean>;
  /** Why org features are unavailable, or null when `/api` answered (or is still loading). */
  unavailable: Accessor<string | null>;
  /** Asks `/api/me` again, e.g. from the notice's "Try again" button. */
  retry(): void;
}

/**
 * Loads the person's org profile. Chat never waits for it: Matrix works without the appservice,
 * so a failure only yields a notice and the org-only parts stay hidden.
 * @param api - the `/api` client
 * @returns an {@link OrgProfile}
 */
export function createOrgProfile(api: StaffroomApi): OrgProfile {
  const [me, { refetch }] = createResource(() => api.me());
  return {
    // Read `state` before the value: reading an errored resource throws.
    isAdmin: () => me.state === "ready" && me().is_admin,
    unavailable: () =>
      me.state === "errored"
        ? userMessageOf(me.error, "The Staffroom service sent an unexpected answer.")
        : null,
    retry: () => void refetch(),
  };
}
