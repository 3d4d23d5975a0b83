import { Router, type RequestHandler } from "express";
import type { Org } from "../directory/org.ts";
import { faqVisibilitiesFor } from "../faq/faqAccess.ts";
import type { FaqGroup, FaqSearch, FaqStore, FaqVisibility } from "../faq/ports.ts";
import { ApiError } from "./apiError.ts";
import { authenticatedUser } from "./auth.ts";
import {
  faqSearchQuerySchema,
  type FaqGroupView,
  type FaqGroupsResponse,
  type FaqSearchResponse,
} from "./faqContract.ts";
import { parseRequest } from "./validate.ts";

/** What {@link makeFaqRouter} needs. */
export type FaqRouterDeps = {
  auth: RequestHandler;
  getOrg: () => Org;
  store: FaqStore;
  search: FaqSearch;
};

/**
 * `GET /faq/search?q&group&limit` → `{results}` best first, and `GET /faq/groups` (mounted
 * under /api), for staff: groups the caller may not see are left out (docs/faq.md). Any `q`
 * is safe: it is tokenised before it reaches the database.
 */
export function makeFaqRouter(deps: FaqRouterDeps): Router {
  const router = Router();
  const visibilities = (res: Parameters<RequestHandler>[1]): FaqVisibility[] => {
    const allowed = faqVisibilitiesFor(deps.getOrg(), authenticatedUser(res));
    if (allowed.length === 0) {
      throw new ApiError("M_FORBIDDEN", "FAQs are available to staff listed in the directory");
    }
    return allowed;
  };

  router.get("/faq/search", deps.auth, async (req, res) => {
    const allowed = visibilities(res);
    const query = parseRequest(faqSearchQuerySchema, req.query);
    const hits = await deps.search.search({
      q: query.q,
      limit: query.limit,
      visibilities: allowed,
      ...(query.group === undefined ? {} : { group: query.group }),
    });
    const body: FaqSearchResponse = {
      results: hits.map((hit) => ({
        id: hit.id,
        group: hit.group,
        question: hit.question,
        snippet: hit.snippet,
        answer: hit.answerHtml,
        answer_text: hit.answerText,
        url: hit.url,
        score: hit.score,
      })),
    };
    res.json(body);
  });

  router.get("/faq/groups", deps.auth, async (_req, res) => {
    const allowed = visibilities(res);
    const groups = (await deps.store.listGroups()).filter((g) => allowed.includes(g.visibility));
    res.json(await groupsResponse(deps.store, groups));
  });
  return router;
}

/** The API view of groups, with entry counts. */
export async function groupsResponse(
  store: Pick<FaqStore, "countEntries">,
  groups: readonly FaqGroup[],
): Promise<FaqGroupsResponse> {
  return { groups: await Promise.all(groups.map((group) => groupView(store, group))) };
}

/** The API view of one group. */
export async function groupView(
  store: Pick<FaqStore, "countEntries">,
  group: FaqGroup,
): Promise<FaqGroupView> {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    visibility: group.visibility,
    entries: await store.countEntries(group.id),
    updated_at: group.updatedAt.toISOString(),
  };
}
