import type { MatrixTestClient } from "./matrixTestClient.ts";

/** A Matrix OpenID token of `client`'s user (what MatrixRTC clients hand the token service). */
export function openIdTokenOf(client: MatrixTestClient): Promise<Record<string, unknown>> {
  return client.request<Record<string, unknown>>(
    "POST",
    `/_matrix/client/v3/user/${encodeURIComponent(client.userId)}/openid/request_token`,
    {},
  );
}

/**
 * Asks the appservice's LiveKit token service (`/livekit/jwt/get_token`) for a join token.
 * @returns the HTTP status and the JSON body (`{url, jwt}` or `{errcode, error}`)
 */
export async function requestLivekitToken(
  appserviceUrl: string,
  who: { userId: string; deviceId: string; openid: unknown },
  roomId: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${appserviceUrl}/livekit/jwt/get_token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      room_id: roomId,
      slot_id: "m.call#ROOM",
      openid_token: who.openid,
      member: { id: "member-1", claimed_user_id: who.userId, claimed_device_id: who.deviceId },
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
