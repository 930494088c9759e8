import type { PostRef } from "../../contract/editing.js";
import {
  type AdapterMetrics,
  type MetricsReading,
  metricCount,
  objectOf,
  type PostMetrics,
  presentMetrics,
} from "../../contract/metrics.js";
import { YOUTUBE_QUOTA_BUCKETS } from "./limits.js";

/** `id` takes up to 50 video ids (developers.google.com/youtube/v3/docs/videos/list#id). */
const MAX_IDS = 50;
/** videos.list costs 1 unit (developers.google.com/youtube/v3/determine_quota_cost). */
export const LIST_COST = { [YOUTUBE_QUOTA_BUCKETS.units]: 1 };

function readVideo(ref: PostRef, video: Record<string, unknown>): MetricsReading {
  const statistics = objectOf(video.statistics);
  const values: PostMetrics = {
    views: metricCount(statistics.viewCount),
    // hidden by the owner: the count is then left out of the answer, and so absent here
    likes: metricCount(statistics.likeCount),
    replies: metricCount(statistics.commentCount),
  };
  const metrics = presentMetrics(values);
  return { ref, metrics, raw: { id: video.id, statistics: video.statistics } };
}

/**
 * Video statistics from `videos.list?part=statistics` (developers.google.com/youtube/v3/docs/videos/list),
 * 50 videos a call, 1 quota unit each call: views, likes, comments. YouTube's Data API gives no
 * impressions, reach, shares, saves or clicks (those are in the YouTube Analytics API).
 */
export const youtubeMetrics: AdapterMetrics = {
  native: ["views", "likes", "replies"],
  batch: MAX_IDS,
  render: (refs) => ({
    operations: [
      {
        step: "statistics",
        route: "videos",
        method: "GET",
        path: "/youtube/v3/videos",
        query: { part: "statistics", id: refs.map((r) => r.id).join(",") },
        idempotency: "safe",
        quota: LIST_COST,
      },
    ],
  }),
  read(refs, bodies) {
    const items = objectOf(bodies[0]).items;
    const videos = new Map<string, Record<string, unknown>>();
    for (const item of Array.isArray(items) ? items : []) {
      const video = objectOf(item);
      if (typeof video.id === "string") videos.set(video.id, video);
    }
    return refs.map((ref): MetricsReading => {
      const video = videos.get(ref.id);
      if (video) return readVideo(ref, video);
      return {
        ref,
        refused: { reason: "not-found", message: "videos.list returned no such video" },
      };
    });
  },
};
