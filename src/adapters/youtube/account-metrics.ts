import {
  type AdapterAccountMetrics,
  metricCount,
  objectOf,
  presentAccountMetrics,
} from "../../contract/metrics.js";
import { LIST_COST } from "./metrics.js";

/**
 * The channel's statistics from `channels.list?part=statistics&mine=true`
 * (https://developers.google.com/youtube/v3/docs/channels/list; 1 quota unit,
 * developers.google.com/youtube/v3/determine_quota_cost): `subscriberCount` (absent when
 * `hiddenSubscriberCount`), `videoCount`, `viewCount`, sent as strings.
 */
export const youtubeAccountMetrics: AdapterAccountMetrics = {
  native: ["followers", "posts", "views"],
  render: () => ({
    operations: [
      {
        step: "channel",
        route: "channels",
        method: "GET",
        path: "/youtube/v3/channels",
        query: { part: "statistics", mine: "true" },
        idempotency: "safe",
        quota: LIST_COST,
      },
    ],
  }),
  read(_ref, bodies) {
    const items = objectOf(bodies[0]).items;
    const channel = objectOf(Array.isArray(items) ? items[0] : undefined);
    if (channel.id === undefined) {
      return { refused: { reason: "not-found", message: "the token has no channel" } };
    }
    const s = objectOf(channel.statistics);
    return {
      metrics: presentAccountMetrics({
        followers: s.hiddenSubscriberCount === true ? undefined : metricCount(s.subscriberCount),
        posts: metricCount(s.videoCount),
        views: metricCount(s.viewCount),
      }),
      raw: { id: channel.id, statistics: channel.statistics },
    };
  },
};
