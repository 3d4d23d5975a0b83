// Response shapes of the appservice /api, mirroring appservice/src/api/contract.ts
// (design.md §4 "Fixed contracts"). Only what the client reads is listed.

/** `GET /api/me`: who the token belongs to and whether they administer the directory. */
export type MeResponse = {
  user_id: string;
  is_admin: boolean;
};

/** The error body every /api route sends: `{errcode, error}`. */
export type ApiErrorBody = {
  errcode: string;
  error: string;
};
