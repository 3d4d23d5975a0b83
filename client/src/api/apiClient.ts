import { createAdoptedRoomsApi, type AdoptedRoomsApi } from "./adoptedRoomsApi.ts";
import { createFaqAdminApi, type FaqAdminApi } from "./faqAdminApi.ts";
import { createRequest, type RequestOptions } from "./httpRequest.ts";
import { createMeetingsApi, type MeetingsApi } from "./meetingsApi.ts";
// Response types come from the appservice contract (style.md §8.2); `import type` keeps zod and
// the appservice out of the bundle.
import type {
  AdminSettings,
  DepartmentMembersResponse,
  DirectoryResponse,
  DirectResponse,
  FaqGroupsResponse,
  FaqSearchResponse,
  MeResponse,
  ScrubPreviewResponse,
  ScrubRunsResponse,
  ScrubRunView,
  SyncRunsResponse,
} from "@staffroom/appservice/contract";

/** The appservice's `/api`, typed. One method per route the client uses. */
export interface StaffroomApi extends FaqAdminApi, MeetingsApi, AdoptedRoomsApi {
  /** `GET /api/me`: the caller's Matrix ID and admin flag. */
  me(): Promise<MeResponse>;
  /** `GET /api/departments/{id}/members`: the department's members with their presence. */
  departmentMembers(departmentId: string): Promise<DepartmentMembersResponse>;
  /** `GET /api/directory`: the caller's departments, the All Staff room and the other operators. */
  directory(): Promise<DirectoryResponse>;
  /** `POST /api/direct`: the one direct room of the caller and `userId` (created on first use). */
  openDirect(userId: string): Promise<DirectResponse>;
  /** `GET /api/faq/search`: FAQ entries matching `q` (optionally in one group), best first. */
  faqSearch(q: string, group?: string): Promise<FaqSearchResponse>;
  /** `GET /api/faq/groups`: the FAQ groups the caller can search. */
  faqGroups(): Promise<FaqGroupsResponse>;
  /** `GET /api/admin/settings` (org admins): the scrub setting. */
  adminSettings(): Promise<AdminSettings>;
  /** `PUT /api/admin/settings` (org admins): saves the scrub setting, answers the saved one. */
  saveAdminSettings(settings: AdminSettings): Promise<AdminSettings>;
  /** `POST /api/admin/scrub/preview` (org admins): what a scrub run now would remove. */
  previewScrub(): Promise<ScrubPreviewResponse>;
  /** `POST /api/admin/scrub/run` (org admins): starts a run; answers it with `status: "running"`. */
  runScrub(): Promise<ScrubRunView>;
  /** `GET /api/admin/scrub/runs` (org admins): the last runs, newest first. */
  scrubRuns(): Promise<ScrubRunsResponse>;
  /** `GET /api/admin/sync/runs` (org admins): the last membership-sync passes, newest first. */
  syncRuns(): Promise<SyncRunsResponse>;
}

/** Options for {@link createApiClient}. */
export type ApiClientOptions = RequestOptions;

/**
 * Creates the `/api` client. Every failure becomes an {@link ApiError}: `{errcode, error}` bodies
 * keep their code and text, anything else gets a readable summary.
 * @param options - see {@link ApiClientOptions}
 * @returns a {@link StaffroomApi}
 * @example
 * const api = createApiClient({ accessToken: session.credentials.accessToken });
 * const { is_admin } = await api.me();
 */
export function createApiClient(options: ApiClientOptions): StaffroomApi {
  const request = createRequest(options);
  return {
    ...createFaqAdminApi(request, options),
    ...createMeetingsApi(request),
    ...createAdoptedRoomsApi(request),
    me: () => request<MeResponse>("GET", "/api/me"),
    departmentMembers: (id) =>
      request<DepartmentMembersResponse>(
        "GET",
        `/api/departments/${encodeURIComponent(id)}/members`,
      ),
    directory: () => request<DirectoryResponse>("GET", "/api/directory"),
    openDirect: (userId) => request<DirectResponse>("POST", "/api/direct", { user_id: userId }),
    faqSearch: (q, group) => {
      const query = new URLSearchParams({ q, limit: "10" });
      if (group !== undefined && group !== "") query.set("group", group);
      return request<FaqSearchResponse>("GET", `/api/faq/search?${query.toString()}`);
    },
    faqGroups: () => request<FaqGroupsResponse>("GET", "/api/faq/groups"),
    adminSettings: () => request<AdminSettings>("GET", "/api/admin/settings"),
    saveAdminSettings: (settings) => request<AdminSettings>("PUT", "/api/admin/settings", settings),
    previewScrub: () => request<ScrubPreviewResponse>("POST", "/api/admin/scrub/preview", {}),
    runScrub: () => request<ScrubRunView>("POST", "/api/admin/scrub/run", {}),
    scrubRuns: () => request<ScrubRunsResponse>("GET", "/api/admin/scrub/runs"),
    syncRuns: () => request<SyncRunsResponse>("GET", "/api/admin/sync/runs"),
  };
}
