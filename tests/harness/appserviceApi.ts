/** A JSON answer of the appservice's `/api`: HTTP status and body. */
export type ApiAnswer<T> = { status: number; body: T & { errcode?: string; error?: string } };

/**
 * Calls the appservice's `/api` with an optional Matrix access token and JSON body.
 * @example const me = await callApi<MeResponse>(env().appserviceUrl, "GET", "/me", token);
 */
export async function callApi<T>(
  appserviceUrl: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${appserviceUrl}/api${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as ApiAnswer<T>["body"] };
}
