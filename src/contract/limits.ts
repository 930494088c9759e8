/**
 * Limits of the adapter contract: the documented rate limits and daily quotas an adapter
 * declares as data, which the core enforces before the platform has to.
 *
 * @packageDocumentation
 */

/**
 * A daily quota counted in units, reset at midnight in `timeZone` (YouTube: 10,000 units a
 * day, reset at midnight Pacific Time). The core keeps a ledger per account: a send whose
 * operations would exceed a bucket is refused with a `RateLimitError` before any request.
 */
export interface QuotaRule {
  /** The bucket operations name in {@link Operation.quota}. */
  bucket: string;
  /** Units per day. */
  units: number;
  /** IANA time zone whose midnight resets the bucket (`America/Los_Angeles`). */
  timeZone: string;
  /** Where the number comes from (documentation URL). */
  source: string;
}

/**
 * A documented rate limit, enforced by the core as a sliding window: at most `max` requests
 * start in any window of `perMs` milliseconds.
 */
export interface LimitRule {
  /** What the limit counts: the whole account, one route, or one chat. */
  scope: "account" | "route" | "chat";
  /** With `scope: "route"`: the route name ({@link Operation.route}). */
  route?: string;
  /** With `scope: "chat"`: which kind of chat ({@link Operation.chatKind}); all chats when omitted. */
  chatKind?: string;
  /** Requests allowed per window. */
  max: number;
  /** The window in milliseconds. */
  perMs: number;
  /** Where the number comes from (documentation URL). */
  source: string;
}
