import {
  type AdapterAccountMetrics,
  metricCount,
  objectOf,
  presentAccountMetrics,
} from "../../contract/metrics.js";

/**
 * The user's `public_metrics` from `GET /2/users/me?user.fields=public_metrics`
 * (https://docs.x.com/x-api/users/user-lookup-me): followers, following, posts (`tweet_count`;
 * the xdk OpenAPI spec calls it `post_count`, both are read), lists.
 */
export const xAccountMetrics: AdapterAccountMetrics = {
  native: ["followers", "following", "posts", "listed"],
  render: () => ({
    operations: [
      {
        step: "me",
        route: "users-me",
        method: "GET",
        path: "/2/users/me",
        query: { "user.fields": "public_metrics" },
        idempotency: "safe",
      },
    ],
  }),
  read(_ref, bodies) {
    const data = objectOf(objectOf(bodies[0]).data);
    const m = objectOf(data.public_metrics);
    return {
      metrics: presentAccountMetrics({
        followers: metricCount(m.followers_count),
        following: metricCount(m.following_count),
        posts: metricCount(m.tweet_count) ?? metricCount(m.post_count),
        listed: metricCount(m.listed_count),
      }),
      raw: { id: data.id, public_metrics: data.public_metrics },
    };
  },
};
