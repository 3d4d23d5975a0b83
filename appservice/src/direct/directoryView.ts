import { findOperator, isAdmin, type Department, type Org } from "../directory/org.ts";
import type { DirectoryResponse, MemberEntry } from "../api/contract.ts";
import type { ManagedRoomRef } from "./ports.ts";

// What `GET /api/directory` and `GET /api/departments/{id}/members` show, built from the
// directory and the recorded rooms. Pure, so the rules (who sees which department, who counts
// as an admin) are tested with literals.

/** True when `userId` may use the directory API: a listed operator or an org admin. */
export function canUseDirectory(org: Org, userId: string): boolean {
  return isAdmin(org, userId) || findOperator(org, userId) !== undefined;
}

/** The departments `userId` sees: org admins all of them, others those they belong to. */
export function visibleDepartments(org: Org, userId: string): Department[] {
  if (isAdmin(org, userId)) return [...org.departments];
  return org.departments.filter((department) => department.members.includes(userId));
}

/**
 * True when `userId` may list the department's members: a member of it, or an org admin.
 */
export function canSeeDepartment(org: Org, department: Department, userId: string): boolean {
  return isAdmin(org, userId) || department.members.includes(userId);
}

/**
 * The department's members as the API lists them. `is_admin` marks the people who moderate the
 * room: department admins (power 50) and org admins (power 100).
 */
export function departmentMembers(org: Org, department: Department): MemberEntry[] {
  return department.members.map((userId) => ({
    user_id: userId,
    display_name: findOperator(org, userId)?.displayName ?? userId,
    is_admin: department.admins.includes(userId) || isAdmin(org, userId),
  }));
}

/** Inputs of {@link buildDirectoryView}. */
export type DirectoryViewInput = {
  org: Org;
  caller: string;
  /** Managed rooms as recorded by provisioning (archived ones are ignored). */
  rooms: readonly ManagedRoomRef[];
  /** The caller's direct rooms: other person → room ID. */
  directRooms: ReadonlyMap<string, string>;
  /** Other person → the pair's other DMs made in another client (the pair rule). */
  otherRooms?: ReadonlyMap<string, readonly string[]>;
};

/** The body of `GET /api/directory` for `caller`. */
export function buildDirectoryView(input: DirectoryViewInput): DirectoryResponse {
  const { org, caller } = input;
  const live = input.rooms.filter((room) => room.archivedAt === null);
  const roomOf = (kind: ManagedRoomRef["kind"], key?: string): string | null =>
    live.find((room) => room.kind === kind && (key === undefined || room.key === key))?.roomId ??
    null;
  return {
    departments: visibleDepartments(org, caller).map((department) => ({
      id: department.id,
      name: department.name,
      topic: department.topic ?? null,
      room_id: roomOf("department", department.id),
      members: departmentMembers(org, department),
    })),
    all_staff_room_id: roomOf("all_staff"),
    space_id: roomOf("space"),
    operators: org.operators
      .filter((operator) => operator.userId !== caller)
      .map((operator) => ({
        user_id: operator.userId,
        display_name: operator.displayName,
        direct_room_id: input.directRooms.get(operator.userId) ?? null,
        // Only present when there are some: most pairs have one room.
        ...otherRoomsOf(input.otherRooms?.get(operator.userId)),
      })),
  };
}

const otherRoomsOf = (rooms: readonly string[] | undefined): { other_room_ids?: string[] } =>
  rooms === undefined || rooms.length === 0 ? {} : { other_room_ids: [...rooms] };
