import type { PostRef } from "../../contract/editing.js";
import { type AdapterMetrics, type MetricsReading, metricCount } from "../../contract/metrics.js";
import { statusPath } from "./editing.js";

/** Reads a Status entity's counts (https://docs.joinmastodon.org/entities/Status/). */
function readStatus(ref: PostRef, body: unknown): MetricsReading {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ref, refused: { reason: "not-found", message: "the answer is not a Status" } };
  }
  const status = body as Record<string, unknown>;
  const likes = metricCount(status.favourites_count);
  const replies = metricCount(status.replies_count);
  const reblogs = metricCount(status.reblogs_count);
  const quotes = metricCount(status.quotes_count);
  const shares =
    reblogs === undefined && quotes === undefined ? undefined : (reblogs ?? 0) + (quotes ?? 0);
  const metrics = {
    ...(likes !== undefined && { likes }),
    ...(replies !== undefined && { replies }),
    ...(shares !== undefined && { shares }),
  };
  const { favourites_count, replies_count, reblogs_count, quotes_count } = status;
  return {
    ref,
    metrics,
    raw: { id: status.id, favourites_count, replies_count, reblogs_count, quotes_count },
  };
}

/**
 * Status counts from `GET /api/v1/statuses/:id` (https://docs.joinmastodon.org/methods/statuses/#get):
 * favourites (likes), replies, reblogs plus quotes (shares). Mastodon reports no impressions,
 * reach, views, saves or clicks.
 */
export const mastodonMetrics: AdapterMetrics = {
  native: ["likes", "replies", "shares"],
  render: (refs) => ({
    operations: refs.map((ref, i) => ({
      step: `status-${i}`,
      route: "statuses",
      method: "GET",
      path: statusPath(ref),
      idempotency: "safe",
    })),
  }),
  read: (refs, bodies) => refs.map((ref, i) => readStatus(ref, bodies[i])),
};
