import { z } from "zod";

// Rooms under the policy and rooms made in other clients (docs/contracts.md, "Rooms made in
// other clients"). zod only: the client imports it through contract.ts.

/** Kinds of room under the policy: the marker's `kind` and the scrub preview's `kind`. */
export const SCOPE_KINDS = [
  "space",
  "all_staff",
  "department",
  "direct",
  "other_direct",
  "other_room",
] as const;
/** A kind of room under the policy. */
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** What admins read for each kind. */
export const SCOPE_KIND_LABELS: Record<ScopeKind, string> = {
  space: "Space",
  all_staff: "All Staff",
  department: "Department",
  direct: "Direct chat",
  other_direct: "Direct chat (created in another client)",
  other_room: "Other staff room",
};

/** A room made in another client, as `GET /api/admin/rooms` lists it. */
export const adoptedRoomSchema = z.object({
  room_id: z.string(),
  kind: z.enum(["other_direct", "other_room"]),
  name: z.string(),
  /**
   * `adopted`: under the policy unless `excluded`; `outside`: someone outside the staff
   * directory is in it, so it is not adopted (listed so admins know).
   */
  status: z.enum(["adopted", "outside"]),
  excluded: z.boolean(),
  /** Joined and invited people (the bot left out). */
  members: z.array(z.string()),
  /** Those of them not in the staff directory. */
  outsiders: z.array(z.string()),
  /** When the appservice found it (ISO 8601). */
  found_at: z.string(),
});
/** A room made in another client. */
export type AdoptedRoomView = z.infer<typeof adoptedRoomSchema>;

/** `GET /api/admin/rooms` (and `POST /api/admin/rooms/scan`) answer. */
export const adoptedRoomsResponseSchema = z.object({ rooms: z.array(adoptedRoomSchema) });
/** Response of `GET /api/admin/rooms`. */
export type AdoptedRoomsResponse = z.infer<typeof adoptedRoomsResponseSchema>;

/** `PUT /api/admin/rooms/{room_id}/policy` body: take the room out of the policy, or back in. */
export const roomPolicyRequestSchema = z.strictObject({
  excluded: z.boolean({ error: "excluded must be true or false" }),
});
/** Body of `PUT /api/admin/rooms/{room_id}/policy`. */
export type RoomPolicyRequest = z.infer<typeof roomPolicyRequestSchema>;
