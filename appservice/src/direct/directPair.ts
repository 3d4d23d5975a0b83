import { findOperator, type Org } from "../directory/org.ts";

// Who may open a direct chat with whom, and the key that names the pair. Pure: the router
// maps the refusal reasons to API errors, the service takes the accepted pair.

/** An unordered pair of operators, in sorted order, with its stable key. */
export type OperatorPair = {
  /** `userA + "|" + userB`: the same for both directions (see {@link pairKey}). */
  key: string;
  userA: string;
  userB: string;
};

/**
 * The key of the pair `{a, b}`: both user IDs sorted and joined with `|` (a character user IDs
 * cannot contain), so A→B and B→A name the same row.
 */
export function pairKey(a: string, b: string): string {
  return makePair(a, b).key;
}

/** The sorted pair `{a, b}` with its key. */
export function makePair(a: string, b: string): OperatorPair {
  const [userA, userB] = a < b ? [a, b] : [b, a];
  return { key: `${userA}|${userB}`, userA, userB };
}

/** Why a direct chat between caller and target is refused. */
export type DirectRefusal =
  /** The caller is not a directory operator (403). */
  | "caller_not_operator"
  /** The caller asked for a chat with themselves (400). */
  | "self"
  /** The target is not a directory operator: unknown, departed, or an outside account (404). */
  | "target_not_operator";

/**
 * Checks that caller and target are two different directory operators.
 * @returns the pair, or the reason for refusing it
 */
export function checkDirectPair(
  org: Org,
  caller: string,
  target: string,
): { ok: true; pair: OperatorPair } | { ok: false; reason: DirectRefusal } {
  if (findOperator(org, caller) === undefined) return { ok: false, reason: "caller_not_operator" };
  if (caller === target) return { ok: false, reason: "self" };
  if (findOperator(org, target) === undefined) return { ok: false, reason: "target_not_operator" };
  return { ok: true, pair: makePair(caller, target) };
}

/** The other member of `pair`, seen from `userId`. */
export function otherMember(pair: { userA: string; userB: string }, userId: string): string {
  return pair.userA === userId ? pair.userB : pair.userA;
}
