import type { LimitRule } from "../adapters/contract.js";

/** Identifies which limit a rule is: same scope, route and chat kind means the same limit. */
function ruleKey(rule: Pick<LimitRule, "scope" | "route" | "chatKind">): string {
  return `${rule.scope}|${rule.route ?? ""}|${rule.chatKind ?? ""}`;
}

/**
 * Merges a user's limit overrides into an adapter's documented defaults: an override replaces
 * the default with the same scope, route and chat kind, and any other override is added.
 *
 * @example mergeLimits(TELEGRAM_LIMITS, [{ scope: "account", max: 1000, perMs: 1000, source: "paid broadcast" }])
 */
export function mergeLimits(
  defaults: readonly LimitRule[],
  overrides: readonly LimitRule[] = [],
): LimitRule[] {
  const merged = new Map(defaults.map((rule) => [ruleKey(rule), rule]));
  for (const rule of overrides) merged.set(ruleKey(rule), rule);
  return [...merged.values()];
}
