import { findOperator, isAdmin, type Org } from "../directory/org.ts";
import type { FaqVisibility } from "./ports.ts";

/**
 * Which FAQ groups a person may see. Public groups are for all staff, internal ones for
 * staff (operators) only; today everyone who signs in to Staffroom is an operator (or an
 * org admin), so both see both, and anyone outside the directory sees none. The rule lives
 * here alone, so a later "all staff" audience wider than operators changes one function.
 */
export function faqVisibilitiesFor(org: Org, userId: string): FaqVisibility[] {
  if (findOperator(org, userId) !== undefined || isAdmin(org, userId)) {
    return ["public", "internal"];
  }
  return [];
}
