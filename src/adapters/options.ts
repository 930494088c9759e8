import { mergeLimits } from "../limits/rules.js";
import { ValidationError } from "../transport/errors.js";
import type { LimitRule } from "./contract.js";

/** Options every built-in adapter factory accepts besides its credentials. */
export interface CommonAdapterOptions {
  /** Account name used in targets (`telegram@shop:@news`); `default` when omitted. */
  account?: string;
  /** Base URL of the API: a proxy, or the simulator from `herald/testing`. */
  baseUrl?: string;
  /** Limits replacing the documented defaults with the same scope, route and chat kind. */
  limits?: LimitRule[];
}

/** The common options, checked and resolved. */
export interface ResolvedCommonOptions {
  /** The account name. */
  account: string;
  /** The base URL without a trailing slash. */
  baseUrl: string;
  /** The documented limits merged with the overrides. */
  limits: LimitRule[];
}

function isLimitRule(rule: unknown): rule is LimitRule {
  const r = rule as Partial<LimitRule> | undefined;
  return (
    r !== undefined &&
    r !== null &&
    (r.scope === "account" || r.scope === "route" || r.scope === "chat") &&
    Number.isInteger(r.max) &&
    (r.max ?? 0) > 0 &&
    typeof r.perMs === "number" &&
    r.perMs > 0 &&
    typeof r.source === "string"
  );
}

/**
 * Checks `account`, `baseUrl` and `limits` the same way for every adapter (a `ValidationError`
 * naming the field) and merges the limits into the platform's documented defaults.
 * `baseUrlField` names the option the URL came from when the adapter calls it otherwise
 * (Mastodon's `instanceUrl`).
 */
export function resolveCommonOptions(
  platform: string,
  options: CommonAdapterOptions,
  defaults: { baseUrl: string; limits: readonly LimitRule[]; baseUrlField?: string },
): ResolvedCommonOptions {
  const fail = (field: string, rule: string, hint?: string): never => {
    throw new ValidationError(field, rule, hint === undefined ? { platform } : { platform, hint });
  };
  const account = options.account ?? "default";
  if (typeof account !== "string" || !/^[^\s:@]+$/.test(account)) {
    fail("account", "a non-empty name without spaces, ':' or '@'", "use a short name like `shop`");
  }
  const baseUrl = String(options.baseUrl ?? defaults.baseUrl).replace(/\/+$/, "");
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    fail(
      options.baseUrl === undefined ? (defaults.baseUrlField ?? "baseUrl") : "baseUrl",
      "an absolute http(s) URL",
    );
  }
  const overrides: unknown = options.limits ?? [];
  if (!Array.isArray(overrides)) fail("limits", "an array of limit rules");
  (overrides as unknown[]).forEach((rule, i) => {
    if (!isLimitRule(rule)) fail(`limits[${i}]`, "{ scope, max > 0, perMs > 0, source }");
  });
  return { account, baseUrl, limits: mergeLimits(defaults.limits, overrides as LimitRule[]) };
}
