import type { PlatformAdapter } from "../adapters/contract.js";
import type { ListenQuery } from "../contract/listening.js";
import { ValidationError } from "../transport/errors.js";
import type { SourcePlan } from "./poll.js";
import { positionKey, queryName } from "./position.js";
import type { ListenOptions } from "./types.js";

/** The adapter serving `platform@account`, or a `ValidationError` naming the field. */
function adapterFor(
  adapters: readonly PlatformAdapter[],
  label: string,
  field: string,
): { adapter: PlatformAdapter; account: string } {
  const at = label.indexOf("@");
  const platform = at === -1 ? label : label.slice(0, at);
  const named = at === -1 ? undefined : label.slice(at + 1);
  const mine = adapters.filter((a) => a.platform === platform);
  const adapter =
    mine.find((a) => a.account === (named ?? a.account)) ??
    (named !== undefined ? mine.find((a) => a.auth?.anyAccount === true) : undefined);
  if (!adapter) {
    throw new ValidationError(field, `no ${platform} adapter for "${label}"`, {
      hint: `createHerald({ adapters }) lists ${adapters.map((a) => `${a.platform}@${a.account}`).join(", ") || "none"}`,
    });
  }
  return { adapter, account: named ?? adapter.account };
}

/** The query part of the options, checked. */
export function checkQuery(options: ListenOptions): ListenQuery {
  const { mentions, keywords } = options;
  if (mentions !== undefined && typeof mentions !== "boolean") {
    throw new ValidationError("mentions", "a boolean");
  }
  if (
    keywords !== undefined &&
    (!Array.isArray(keywords) || keywords.some((k) => typeof k !== "string" || k.trim() === ""))
  ) {
    throw new ValidationError("keywords", "a list of non-empty strings");
  }
  if (!mentions && !keywords?.length) {
    throw new ValidationError("listen", "something to follow: mentions: true or keywords", {
      hint: 'herald.listen({ to: "mastodon", mentions: true, keywords: ["acme"] })',
    });
  }
  return { ...(mentions ? { mentions } : {}), ...(keywords?.length ? { keywords } : {}) };
}

/**
 * Every source a listen call polls: per platform account named in `to`, the sources its
 * adapter's listening facet maps the query to. Throws a `ValidationError` for an account no
 * adapter serves, an adapter that cannot listen, or a query the platform refuses.
 */
export function planSources(
  adapters: readonly PlatformAdapter[],
  options: ListenOptions,
  query: ListenQuery,
): SourcePlan[] {
  const labels = typeof options.to === "string" ? [options.to] : options.to;
  if (!Array.isArray(labels) || labels.length === 0) {
    throw new ValidationError("to", "a platform account or a list of them", {
      hint: 'to: ["mastodon", "x@brand"]',
    });
  }
  const name = queryName(query, options.name);
  const plans: SourcePlan[] = [];
  labels.forEach((label, i) => {
    const field = typeof options.to === "string" ? "to" : `to[${i}]`;
    if (typeof label !== "string") throw new ValidationError(field, "a platform account name");
    const { adapter, account } = adapterFor(adapters, label, field);
    const facet = adapter.listening;
    if (!facet) {
      throw new ValidationError(field, `the ${adapter.platform} adapter cannot listen`, {
        platform: adapter.platform,
        hint: "docs/listening.md lists the platforms that can",
      });
    }
    const sources = facet.sources(query, account);
    if ("refused" in sources) {
      throw new ValidationError(field, sources.refused.message, {
        platform: adapter.platform,
        ...(sources.refused.hint !== undefined ? { hint: sources.refused.hint } : {}),
      });
    }
    for (const source of sources) {
      const key = positionKey(name, adapter.platform, account, source.id);
      if (plans.some((p) => p.key === key)) continue;
      plans.push({ adapter, account, facet, source, key });
    }
  });
  return plans;
}
