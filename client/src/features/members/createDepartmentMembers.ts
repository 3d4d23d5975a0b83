import { createEffect, createSignal, onCleanup, untrack, type Accessor } from "solid-js";
import type { DepartmentMembersResponse } from "@staffroom/appservice/contract";
import { runAction } from "../../lib/runAction.ts";

/** How often an open members dialog asks again, so presence set elsewhere shows up. */
export const MEMBERS_REFRESH_MS = 15_000;

/** The department members as a resource: data, first-load state and the last error. */
export interface DepartmentMembers {
  /** The last answer; kept while a refresh runs or fails, so the list never blinks empty. */
  data: Accessor<DepartmentMembersResponse | undefined>;
  /** True until the first answer (or failure) after opening. */
  loading: Accessor<boolean>;
  /** The readable message of the last failed load, cleared by the next success. */
  error: Accessor<string | null>;
  /** Loads now. */
  refresh(): Promise<void>;
}

/**
 * Loads the members when `active` turns true and every {@link MEMBERS_REFRESH_MS} while it stays
 * true; stops polling when it turns false or the owner is disposed.
 * @param load - `() => api.departmentMembers(id)`
 * @param active - whether the dialog is open
 * @param intervalMs - refresh period (tests pass a short one)
 * @returns a {@link DepartmentMembers}
 */
export function createDepartmentMembers(
  load: () => Promise<DepartmentMembersResponse>,
  active: Accessor<boolean>,
  intervalMs = MEMBERS_REFRESH_MS,
): DepartmentMembers {
  const [data, setData] = createSignal<DepartmentMembersResponse>();
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let generation = 0;

  const refresh = async (): Promise<void> => {
    const mine = ++generation;
    const outcome = await runAction("Loading the members", load);
    // A slower, older request must not overwrite a newer answer.
    if (mine !== generation) return;
    setLoading(false);
    if (outcome.ok) {
      setData(outcome.value);
      setError(null);
    } else setError(outcome.message);
  };

  createEffect(() => {
    if (!active()) return;
    // untrack: the effect follows `active` only; reading data here must not re-run it.
    if (!untrack(data)) setLoading(true);
    void refresh();
    const timer = setInterval(() => void refresh(), intervalMs);
    onCleanup(() => clearInterval(timer));
  });

  return { data, loading, error, refresh };
}
