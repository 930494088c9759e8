import {
  type AdapterAccountMetrics,
  metricCount,
  objectOf,
  presentAccountMetrics,
} from "../../contract/metrics.js";

/**
 * The Page's followers from its `followers_count` field, `GET /{page-id}?fields=followers_count,fan_count`
 * (https://developers.facebook.com/docs/graph-api/reference/page). Not the `page_fans` insight:
 * Meta deprecated it for all versions on 2025-11-15 (developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics).
 * `fan_count` (the Page's likes) stays in `raw`.
 */
export function facebookAccountMetrics(pageOf: (account: string) => string): AdapterAccountMetrics {
  return {
    native: ["followers"],
    render: (ref) => ({
      operations: [
        {
          step: "page",
          route: "page",
          method: "GET",
          path: `/${encodeURIComponent(pageOf(ref.account))}`,
          query: { fields: "followers_count,fan_count" },
          idempotency: "safe",
        },
      ],
    }),
    read(_ref, bodies) {
      const page = objectOf(bodies[0]);
      return {
        metrics: presentAccountMetrics({ followers: metricCount(page.followers_count) }),
        raw: { id: page.id, followers_count: page.followers_count, fan_count: page.fan_count },
      };
    },
  };
}
