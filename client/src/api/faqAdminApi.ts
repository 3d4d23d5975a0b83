import type {
  FaqEntriesResponse,
  FaqEntryView,
  FaqEntryWrite,
  FaqGroupCreate,
  FaqGroupUpdate,
  FaqGroupView,
  FaqGroupsResponse,
  FaqImportResponse,
  FaqStatsResponse,
} from "@staffroom/appservice/contract";
import type { ApiRequest, RequestOptions } from "./httpRequest.ts";
import { uploadFaqImport, type FaqImportOptions } from "./faqImportUpload.ts";

/** The admin FAQ routes (`/api/admin/faq/*`, org admins only). */
export interface FaqAdminApi {
  /** `GET /api/admin/faq/groups`: every group, internal ones included. */
  adminFaqGroups(): Promise<FaqGroupsResponse>;
  /** `POST /api/admin/faq/groups`. */
  createFaqGroup(group: FaqGroupCreate): Promise<FaqGroupView>;
  /** `PATCH /api/admin/faq/groups/{id}`. */
  updateFaqGroup(groupId: number, changes: FaqGroupUpdate): Promise<FaqGroupView>;
  /** `DELETE /api/admin/faq/groups/{id}`: the group and its entries. */
  deleteFaqGroup(groupId: number): Promise<void>;
  /** `GET /api/admin/faq/groups/{id}/entries`: one page of entries and the total. */
  faqEntries(groupId: number, page: { offset: number; limit: number }): Promise<FaqEntriesResponse>;
  /** `PUT …/entries/{id}` when `id` is given (create or replace), else `POST …/entries`. */
  saveFaqEntry(groupId: number, entry: FaqEntryWrite): Promise<FaqEntryView>;
  /** `DELETE /api/admin/faq/groups/{id}/entries/{entryId}`. */
  deleteFaqEntry(groupId: number, entryId: string): Promise<void>;
  /** `POST /api/admin/faq/groups/{id}/import` with the file, reporting upload and write progress. */
  importFaqFile(groupId: number, file: File, options: FaqImportOptions): Promise<FaqImportResponse>;
  /** `GET /api/admin/faq/stats`: the most shared FAQs and those never shared. */
  faqStats(): Promise<FaqStatsResponse>;
}

/**
 * The admin FAQ half of the `/api` client.
 * @param request - the JSON request function of the client
 * @param options - the client's options (token and base URL, for the streamed import)
 */
export function createFaqAdminApi(request: ApiRequest, options: RequestOptions): FaqAdminApi {
  const group = (id: number): string => `/api/admin/faq/groups/${id}`;
  return {
    adminFaqGroups: () => request<FaqGroupsResponse>("GET", "/api/admin/faq/groups"),
    createFaqGroup: (body) => request<FaqGroupView>("POST", "/api/admin/faq/groups", body),
    updateFaqGroup: (id, changes) => request<FaqGroupView>("PATCH", group(id), changes),
    deleteFaqGroup: async (id) => {
      await request<object>("DELETE", group(id));
    },
    faqEntries: (id, page) =>
      request<FaqEntriesResponse>(
        "GET",
        `${group(id)}/entries?offset=${page.offset}&limit=${page.limit}`,
      ),
    saveFaqEntry: (id, entry) => {
      const { id: entryId, ...body } = entry;
      return entryId === undefined || entryId === ""
        ? request<FaqEntryView>("POST", `${group(id)}/entries`, body)
        : request<FaqEntryView>("PUT", `${group(id)}/entries/${encodeURIComponent(entryId)}`, body);
    },
    deleteFaqEntry: async (id, entryId) => {
      await request<object>("DELETE", `${group(id)}/entries/${encodeURIComponent(entryId)}`);
    },
    importFaqFile: (id, file, importOptions) =>
      uploadFaqImport(options, `${group(id)}/import`, file, importOptions),
    faqStats: () => request<FaqStatsResponse>("GET", "/api/admin/faq/stats?limit=20"),
  };
}
