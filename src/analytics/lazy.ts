import type { AnalyticsEnvironment } from "./send.js";
import type { AnalyticsVerbs } from "./verbs.js";

/**
 * The analytics verbs, loaded on first use with `import()`: a function that only sends never
 * bundles them (DESIGN.md, "Small": the core plus one adapter stays under 45 KB min+gz).
 */
export function lazyAnalytics(env: AnalyticsEnvironment): AnalyticsVerbs {
  let loaded: Promise<AnalyticsVerbs> | undefined;
  const verbs = () => {
    loaded ??= import("./verbs.js").then(({ analyticsVerbs }) => analyticsVerbs(env));
    return loaded;
  };
  return {
    metrics: async (source, options) => (await verbs()).metrics(source, options),
    accountMetrics: async (accounts, options) => (await verbs()).accountMetrics(accounts, options),
    edit: async (ref, message, options) => (await verbs()).edit(ref, message, options),
    delete: async (ref, options) => (await verbs()).delete(ref, options),
    recall: async (source, options) => (await verbs()).recall(source, options),
    report: async (source, options) => (await verbs()).report(source, options),
  };
}
