import type { PostRef } from "../../contract/editing.js";
import {
  type AdapterMetrics,
  type MetricsReading,
  metricCount,
  objectOf,
  type PostMetrics,
  presentMetrics,
} from "../../contract/metrics.js";
import type { Operation } from "../contract.js";

/**
 * The post's counts: `shares.count`, and `summary.total_count` of its comments and reactions
 * edges, without listing them (`limit(0)`) (https://developers.facebook.com/docs/graph-api/reference/post).
 */
export const FACEBOOK_POST_FIELDS =
  "id,shares,comments.limit(0).summary(true),reactions.limit(0).summary(true)";

/**
 * Lifetime insights of a Page post (https://developers.facebook.com/docs/graph-api/reference/insights#page-posts):
 * times shown, accounts reached, clicks. Meta is replacing impression metrics by "views" in
 * newer Graph versions: a metric the version no longer returns is simply absent.
 */
export const FACEBOOK_POST_INSIGHTS = "post_impressions,post_impressions_unique,post_clicks";

const INSIGHT_METRIC = {
  post_impressions: "impressions",
  post_impressions_unique: "reach",
  post_clicks: "clicks",
} as const;

/** `{ data: [{ name, period, values: [{ value }] }] }` → the lifetime value of each metric. */
function readInsights(body: unknown): PostMetrics {
  const metrics: PostMetrics = {};
  for (const item of Array.isArray(objectOf(body).data) ? (objectOf(body).data as unknown[]) : []) {
    const entry = objectOf(item);
    const name = INSIGHT_METRIC[entry.name as keyof typeof INSIGHT_METRIC];
    const values = Array.isArray(entry.values) ? entry.values : [];
    const value = metricCount(objectOf(values.at(-1)).value);
    if (name !== undefined && value !== undefined) metrics[name] = value;
  }
  return metrics;
}

function readPost(ref: PostRef, fields: unknown, insights: unknown): MetricsReading {
  const post = objectOf(fields);
  const values: PostMetrics = {
    ...readInsights(insights),
    likes: metricCount(objectOf(objectOf(post.reactions).summary).total_count),
    replies: metricCount(objectOf(objectOf(post.comments).summary).total_count),
    // a post never shared has no `shares` field: Graph's way of saying 0 for a post it counts
    shares: metricCount(objectOf(post.shares).count) ?? (post.id !== undefined ? 0 : undefined),
  };
  const metrics = presentMetrics(values);
  return { ref, metrics, raw: { post: fields, insights } };
}

/** Page post metrics: the post's counts and its insights, two reads per post. */
export const facebookMetrics: AdapterMetrics = {
  native: ["impressions", "reach", "likes", "replies", "shares", "clicks"],
  render: (refs) => ({
    operations: refs.flatMap((ref, i): Operation[] => [
      {
        step: `post-${i}`,
        route: "post-read",
        method: "GET",
        path: `/${encodeURIComponent(ref.id)}`,
        query: { fields: FACEBOOK_POST_FIELDS },
        idempotency: "safe",
      },
      {
        step: `insights-${i}`,
        route: "post-read",
        method: "GET",
        path: `/${encodeURIComponent(ref.id)}/insights`,
        query: { metric: FACEBOOK_POST_INSIGHTS, period: "lifetime" },
        idempotency: "safe",
      },
    ]),
  }),
  read: (refs, bodies) => refs.map((ref, i) => readPost(ref, bodies[2 * i], bodies[2 * i + 1])),
};
