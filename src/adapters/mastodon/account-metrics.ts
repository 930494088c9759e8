import {
  type AdapterAccountMetrics,
  metricCount,
  objectOf,
  presentAccountMetrics,
} from "../../contract/metrics.js";

/**
 * The account's counts from `GET /api/v1/accounts/verify_credentials`
 * (https://docs.joinmastodon.org/methods/accounts/#verify_credentials): a CredentialAccount's
 * `followers_count`, `following_count`, `statuses_count` (https://docs.joinmastodon.org/entities/Account/).
 */
export const mastodonAccountMetrics: AdapterAccountMetrics = {
  native: ["followers", "following", "posts"],
  render: () => ({
    operations: [
      {
        step: "verify-credentials",
        route: "accounts",
        method: "GET",
        path: "/api/v1/accounts/verify_credentials",
        idempotency: "safe",
      },
    ],
  }),
  read(_ref, bodies) {
    const account = objectOf(bodies[0]);
    const { id, followers_count, following_count, statuses_count } = account;
    return {
      metrics: presentAccountMetrics({
        followers: metricCount(followers_count),
        following: metricCount(following_count),
        posts: metricCount(statuses_count),
      }),
      raw: { id, followers_count, following_count, statuses_count },
    };
  },
};
