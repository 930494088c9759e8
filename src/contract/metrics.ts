/**
 * The metrics facet of the adapter contract: how an adapter turns post refs into read requests
 * and reads the answers into normalized metrics. Pure: the core sends the requests through its
 * limiter, retry and transport, as it sends a message.
 *
 * @packageDocumentation
 */

import type { PostRef, Refusal } from "./editing.js";
import type { Operation } from "./operation.js";

/**
 * The normalized metrics of one post. Each is a count as the platform reports it; a metric the
 * platform does not give is absent from {@link PostMetrics}, never 0.
 * - `impressions`: times the post was shown (X `impression_count`, Facebook `post_impressions`);
 * - `reach`: distinct accounts it was shown to (Facebook `post_impressions_unique`);
 * - `views`: plays or views (YouTube `viewCount`, X `non_public_metrics` video views);
 * - `likes`: likes, favourites and reactions together;
 * - `replies`: replies and comments;
 * - `shares`: shares, reposts, boosts, quotes;
 * - `saves`: bookmarks and saves;
 * - `clicks`: link and post clicks.
 */
export type MetricName =
  | "impressions"
  | "reach"
  | "views"
  | "likes"
  | "replies"
  | "shares"
  | "saves"
  | "clicks";

/** Every {@link MetricName}, in the order documents list them. */
export const METRIC_NAMES: readonly MetricName[] = [
  "impressions",
  "reach",
  "views",
  "likes",
  "replies",
  "shares",
  "saves",
  "clicks",
];

/** Normalized metrics of one post: only the ones the platform gave. */
export type PostMetrics = Partial<Record<MetricName, number>>;

/** What the adapter read for one ref. */
export type MetricsReading =
  /** The platform answered for it: `raw` is its own object for this post, secrets redacted. */
  | { ref: PostRef; metrics: PostMetrics; raw: unknown }
  /** The platform said it has no such post (or no longer), or refused to tell. */
  | { ref: PostRef; refused: Refusal };

/** What {@link AdapterMetrics.render} returns for one batch of refs. */
export type MetricsPlan =
  /** Requests to send in order; their answers go to {@link AdapterMetrics.read} in that order. */
  | { operations: Operation[] }
  /** Nothing the platform can read for these refs (Telegram has no read of a message's views). */
  | { refused: Refusal };

/**
 * How an adapter reads post metrics. The core groups refs of one account in batches of at most
 * `batch`, renders each batch, sends its operations (limits, retries, quota, redaction) and
 * hands the answers' bodies to `read`.
 */
export interface AdapterMetrics {
  /** The metrics this platform can report ("native"); every other one is always absent. */
  readonly native: readonly MetricName[];
  /** Refs one batch takes (X: 100 ids per `GET /2/tweets`); 1 when omitted. */
  readonly batch?: number;
  /** The read requests for a batch of refs; `context.now` for the platforms' time rules. Pure. */
  render(refs: readonly PostRef[], context: { now: number }): MetricsPlan;
  /**
   * Reads the answers (bodies, in the order of the operations) into one reading per ref, in the
   * order of `refs`. Pure; never throws for a hostile body: a ref it cannot read is refused.
   */
  read(refs: readonly PostRef[], bodies: readonly unknown[]): MetricsReading[];
  /** How the account's followers and audience are read (`herald.accountMetrics`), if they can be. */
  readonly account?: AdapterAccountMetrics;
}

/** The metrics facet: a member of {@link PlatformAdapter} when the adapter has it. */
export interface MetricsFacet {
  /** Post metrics: how refs become read requests and answers metrics (docs/analytics.md). */
  readonly metrics?: AdapterMetrics;
}

/**
 * A count as a platform sends it: a whole number of 0 or more, or a string of digits (YouTube
 * sends its statistics as strings); `undefined` for anything else, so that a hostile or missing
 * value is absent rather than a wrong number. For adapter authors.
 */
export function metricCount(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** The metrics of `values` that are present (an absent one is left out, never 0). For adapter authors. */
export function presentMetrics(
  values: Partial<Record<MetricName, number | undefined>>,
): PostMetrics {
  const metrics: PostMetrics = {};
  for (const name of METRIC_NAMES) {
    const value = values[name];
    if (value !== undefined) metrics[name] = value;
  }
  return metrics;
}

/** `value` when it is a plain object, else an empty one: for reading answers of any shape. */
export function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * The normalized metrics of an account (a profile, a Page, a channel):
 * - `followers`: followers, subscribers, Page followers, channel members;
 * - `following`: accounts it follows;
 * - `posts`: posts, statuses or videos it published;
 * - `views`: views of its content (YouTube channel views; Facebook `page_media_view`);
 * - `listed`: lists that include it (X).
 */
export type AccountMetricName = "followers" | "following" | "posts" | "views" | "listed";

/** Every {@link AccountMetricName}, in the order documents list them. */
export const ACCOUNT_METRIC_NAMES: readonly AccountMetricName[] = [
  "followers",
  "following",
  "posts",
  "views",
  "listed",
];

/** Normalized metrics of one account: only the ones the platform gave (absent, never 0). */
export type AccountMetrics = Partial<Record<AccountMetricName, number>>;

/** Which account is measured: an adapter's account, and the chat for chat platforms (Telegram). */
export interface AccountRef {
  /** Platform name. */
  platform: string;
  /** Account name (`default` unless named). */
  account: string;
  /** The channel or group, where the account's audience is a chat's members (`@shopnews`). */
  chat?: string;
}

/** What the adapter read for an account. */
export type AccountReading =
  /** The platform answered: `raw` is its own answer, secrets redacted. */
  | { metrics: AccountMetrics; raw: unknown }
  /** The platform cannot tell (no such call, not allowed, a chat is needed). */
  | { refused: Refusal };

/** How an adapter reads its account's audience; pure, like {@link AdapterMetrics}. */
export interface AdapterAccountMetrics {
  /** The account metrics this platform can report; every other one is always absent. */
  readonly native: readonly AccountMetricName[];
  /** The read requests for the account, or a refusal. Pure. */
  render(ref: AccountRef, context: { now: number }): MetricsPlan;
  /** Reads the answers' bodies (in the order of the operations). Pure; never throws. */
  read(ref: AccountRef, bodies: readonly unknown[]): AccountReading;
}

/** The account metrics of `values` that are present (absent ones left out, never 0). For adapter authors. */
export function presentAccountMetrics(
  values: Partial<Record<AccountMetricName, number | undefined>>,
): AccountMetrics {
  const metrics: AccountMetrics = {};
  for (const name of ACCOUNT_METRIC_NAMES) {
    const value = values[name];
    if (value !== undefined) metrics[name] = value;
  }
  return metrics;
}
