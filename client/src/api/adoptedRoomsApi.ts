import type { AdoptedRoomsResponse, AdoptedRoomView } from "@staffroom/appservice/contract";
import type { createRequest } from "./httpRequest.ts";

/** `/api/admin/rooms*`: rooms staff made in other clients (org admins). */
export interface AdoptedRoomsApi {
  /** `GET /api/admin/rooms`: adopted and listed rooms, oldest first. */
  adoptedRooms(): Promise<AdoptedRoomsResponse>;
  /** `POST /api/admin/rooms/scan`: looks for new rooms now, then lists them all. */
  scanRooms(): Promise<AdoptedRoomsResponse>;
  /** `PUT /api/admin/rooms/{id}/policy`: takes a room out of the policy or puts it back. */
  setRoomPolicy(roomId: string, excluded: boolean): Promise<AdoptedRoomView>;
}

/** The {@link AdoptedRoomsApi} over the shared request function. */
export function createAdoptedRoomsApi(request: ReturnType<typeof createRequest>): AdoptedRoomsApi {
  return {
    adoptedRooms: () => request<AdoptedRoomsResponse>("GET", "/api/admin/rooms"),
    scanRooms: () => request<AdoptedRoomsResponse>("POST", "/api/admin/rooms/scan", {}),
    setRoomPolicy: (roomId, excluded) =>
      request<AdoptedRoomView>("PUT", `/api/admin/rooms/${encodeURIComponent(roomId)}/policy`, {
        excluded,
      }),
  };
}
