import type { PostRef } from "../../contract/editing.js";
import {
  type AdapterMetrics,
  type MetricsReading,
  metricCount,
  objectOf,
  type PostMetrics,
  presentMetrics,
} from "../../contract/metrics.js";

/** `ids` takes 1 to 100 post ids (https://docs.x.com/x-api/posts/get-posts-by-ids). */
const MAX_IDS = 100;

/**
 * `non_public_metrics` and `organic_metrics` are "only available for Posts created in the last
 * 30 days", and only for the authenticated user's own posts
 * (https://docs.x.com/x-api/fundamentals/metrics).
 */
const PRIVATE_METRICS_DAYS_MS = 30 * 86_400_000;

function sum(...values: Array<number | undefined>): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0);
}

/**
 * A post's metrics: `public_metrics` (impression, like, reply, repost + quote, bookmark counts),
 * and where the token was allowed them, `non_public_metrics` link clicks (their impression
 * count wins: it is the post's own) (https://docs.x.com/x-api/fundamentals/metrics).
 */
function readPost(ref: PostRef, post: Record<string, unknown>): MetricsReading {
  const pub = objectOf(post.public_metrics);
  const priv = objectOf(post.non_public_metrics);
  const values: PostMetrics = {
    impressions: metricCount(priv.impression_count) ?? metricCount(pub.impression_count),
    likes: metricCount(pub.like_count),
    replies: metricCount(pub.reply_count),
    shares: sum(
      metricCount(pub.repost_count) ?? metricCount(pub.retweet_count),
      metricCount(pub.quote_count),
    ),
    saves: metricCount(pub.bookmark_count),
    clicks: metricCount(priv.url_link_clicks),
  };
  const metrics = presentMetrics(values);
  const { id, public_metrics, non_public_metrics, organic_metrics } = post;
  return { ref, metrics, raw: { id, public_metrics, non_public_metrics, organic_metrics } };
}

/** The refs that the answer's `errors` name (`resource_id`), with their problem. */
function problems(body: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const error of Array.isArray(body.errors) ? body.errors : []) {
    const e = objectOf(error);
    const id = typeof e.resource_id === "string" ? e.resource_id : undefined;
    const text = typeof e.detail === "string" ? e.detail : String(e.title ?? "error");
    // a field authorization error only withholds the private metrics: the post still reads
    if (
      id !== undefined &&
      e.parameter !== "non_public_metrics" &&
      e.parameter !== "organic_metrics"
    ) {
      out.set(id, text);
    }
  }
  return out;
}

/**
 * Post metrics from `GET /2/tweets?ids=…&tweet.fields=public_metrics,…`, 100 ids a request;
 * the private metrics are asked only when every post of the batch is under 30 days old.
 * X's own documentation names the parameter `tweet.fields` (the xdk spec calls it `post.fields`).
 */
export const xMetrics: AdapterMetrics = {
  native: ["impressions", "likes", "replies", "shares", "saves", "clicks"],
  batch: MAX_IDS,
  render(refs, { now }) {
    const recent = refs.every(
      (r) => r.sentAt !== undefined && now - r.sentAt < PRIVATE_METRICS_DAYS_MS,
    );
    const fields = recent ? "public_metrics,non_public_metrics,organic_metrics" : "public_metrics";
    return {
      operations: [
        {
          step: "lookup",
          route: "tweets-lookup",
          method: "GET",
          path: "/2/tweets",
          query: { ids: refs.map((r) => r.id).join(","), "tweet.fields": fields },
          idempotency: "safe",
        },
      ],
    };
  },
  read(refs, bodies) {
    const body = objectOf(bodies[0]);
    const posts = new Map<string, Record<string, unknown>>();
    for (const item of Array.isArray(body.data) ? body.data : []) {
      const post = objectOf(item);
      if (typeof post.id === "string") posts.set(post.id, post);
    }
    const missing = problems(body);
    return refs.map((ref): MetricsReading => {
      const post = posts.get(ref.id);
      if (post) return readPost(ref, post);
      const message = missing.get(ref.id) ?? "X's answer does not hold this post";
      return { ref, refused: { reason: "not-found", message } };
    });
  },
};
