import { findOperator, type Org } from "../directory/org.ts";
import { faqVisibilitiesFor } from "./faqAccess.ts";
import type { FaqAsker, FaqLookup } from "./faqCommand.ts";
import type { FaqSearch, FaqStore, FaqVisibility } from "./ports.ts";

/**
 * The `!faq` handler's view of the FAQs for one person: search and find by id, both limited
 * to the groups with the given visibilities.
 */
export function makeFaqLookup(
  store: Pick<FaqStore, "listGroups" | "findEntries">,
  search: FaqSearch,
  visibilities: readonly FaqVisibility[],
): FaqLookup {
  return {
    search: (q, limit) => search.search({ q, limit, visibilities }),
    async find(id, group) {
      const visible = (await store.listGroups())
        .filter((g) => visibilities.includes(g.visibility))
        .map((g) => g.name)
        .filter((name) => group === undefined || name === group);
      return store.findEntries(id, visible);
    },
  };
}

/**
 * The `!faq` handler's per-sender context from the current directory: who asked (display
 * name, whether staff) and what they may look up.
 */
export function makeFaqCommandContext(
  getOrg: () => Org,
  store: Pick<FaqStore, "listGroups" | "findEntries">,
  search: FaqSearch,
): { asker(userId: string): FaqAsker; lookupFor(userId: string): FaqLookup } {
  return {
    asker(userId) {
      const org = getOrg();
      return {
        userId,
        displayName: findOperator(org, userId)?.displayName ?? userId,
        allowed: faqVisibilitiesFor(org, userId).length > 0,
      };
    },
    lookupFor: (userId) => makeFaqLookup(store, search, faqVisibilitiesFor(getOrg(), userId)),
  };
}
