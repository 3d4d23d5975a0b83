import { Router, type RequestHandler } from "express";
import type { DirectRoomService } from "../direct/directRoomService.ts";
import {
  buildDirectoryView,
  canSeeDepartment,
  canUseDirectory,
  departmentMembers,
} from "../direct/directoryView.ts";
import type { ManagedRoomReader, PresenceSource } from "../direct/ports.ts";
import type { Org } from "../directory/org.ts";
import { ApiError } from "./apiError.ts";
import { authenticatedUser } from "./auth.ts";
import type { DepartmentMembersResponse, DirectoryResponse } from "./contract.ts";

/** What {@link makeDirectoryRouter} needs. */
export type DirectoryRouterDeps = {
  auth: RequestHandler;
  /** The current directory; ask on every request (it is reloaded). */
  getOrg: () => Org;
  managedRooms: ManagedRoomReader;
  direct: Pick<DirectRoomService, "roomsOf">;
  presence: PresenceSource;
  /** Other person → the pair's other DMs made in another client (absent: none known). */
  otherRooms?: (userId: string) => Promise<ReadonlyMap<string, readonly string[]>>;
};

// Presence lookups per members request running at once (each is one Synapse call at most).
const PRESENCE_CONCURRENCY = 8;

/**
 * `GET /directory` and `GET /departments/{id}/members` (mounted under /api). Both answer 403
 * `M_FORBIDDEN` to anyone who is neither a directory operator nor an org admin; the members
 * list also to operators outside the department, and 404 `M_NOT_FOUND` for an unknown one.
 */
export function makeDirectoryRouter(deps: DirectoryRouterDeps): Router {
  const router = Router();

  router.get("/directory", deps.auth, async (_req, res) => {
    const caller = authenticatedUser(res);
    const org = deps.getOrg();
    requireDirectoryUser(org, caller);
    const [rooms, directRooms, otherRooms] = await Promise.all([
      deps.managedRooms.list(),
      deps.direct.roomsOf(caller),
      deps.otherRooms?.(caller),
    ]);
    const body: DirectoryResponse = buildDirectoryView({
      org,
      caller,
      rooms,
      directRooms,
      ...(otherRooms === undefined ? {} : { otherRooms }),
    });
    res.json(body);
  });

  router.get("/departments/:id/members", deps.auth, async (req, res) => {
    const caller = authenticatedUser(res);
    const org = deps.getOrg();
    requireDirectoryUser(org, caller);
    const department = org.departments.find((candidate) => candidate.id === req.params["id"]);
    if (department === undefined) {
      throw new ApiError("M_NOT_FOUND", `No department "${String(req.params["id"])}"`);
    }
    if (!canSeeDepartment(org, department, caller)) {
      throw new ApiError("M_FORBIDDEN", "Only the department's members can list its members");
    }
    const members = departmentMembers(org, department);
    const presences = await mapLimit(members, PRESENCE_CONCURRENCY, (member) =>
      deps.presence.presenceOf(member.user_id),
    );
    const body: DepartmentMembersResponse = {
      department: { id: department.id, name: department.name },
      members: members.map((member, index) => {
        const info = presences[index] ?? { presence: "unknown" as const };
        return {
          ...member,
          presence: info.presence,
          ...(info.lastActiveAgo === undefined ? {} : { last_active_ago: info.lastActiveAgo }),
          ...(info.currentlyActive === undefined ? {} : { currently_active: info.currentlyActive }),
          ...(info.statusMsg === undefined ? {} : { status_msg: info.statusMsg }),
        };
      }),
    };
    res.json(body);
  });

  return router;
}

function requireDirectoryUser(org: Org, userId: string): void {
  if (!canUseDirectory(org, userId)) {
    throw new ApiError("M_FORBIDDEN", "Only staff listed in the directory can see it");
  }
}

// Like Promise.all(items.map(fn)), with at most `limit` calls in flight.
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
