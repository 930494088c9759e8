import type { LimitRule } from "../contract.js";

/** Where LINE documents its rate limits. */
const RATE_LIMITS_SOURCE = "https://developers.line.biz/en/reference/messaging-api/#rate-limits";

/**
 * The documented LINE Messaging API rate limits, one per route. LINE has no account-wide rule.
 * Source: https://developers.line.biz/en/reference/messaging-api/#rate-limits
 */
export const LINE_LIMITS: readonly LimitRule[] = [
  // multicast: 200 requests per second
  { scope: "route", route: "multicast", max: 200, perMs: 1000, source: RATE_LIMITS_SOURCE },
  // broadcast: 60 requests per hour
  { scope: "route", route: "broadcast", max: 60, perMs: 3_600_000, source: RATE_LIMITS_SOURCE },
  // narrowcast: 60 requests per hour
  { scope: "route", route: "narrowcast", max: 60, perMs: 3_600_000, source: RATE_LIMITS_SOURCE },
  // push: 2000 requests per second ("other endpoints")
  { scope: "route", route: "push", max: 2000, perMs: 1000, source: RATE_LIMITS_SOURCE },
  // narrowcast progress: 2000 requests per second ("other endpoints")
  { scope: "route", route: "progress", max: 2000, perMs: 1000, source: RATE_LIMITS_SOURCE },
  // reply: 2000 requests per second ("other endpoints")
  { scope: "route", route: "reply", max: 2000, perMs: 1000, source: RATE_LIMITS_SOURCE },
];

/** Max UTF-16 code units in a text message (https://developers.line.biz/en/reference/messaging-api/#text-message). */
export const LINE_TEXT_MAX = 5000;

/** Max message objects per request (https://developers.line.biz/en/reference/messaging-api/#send-push-message; spec `maxItems: 5`). */
export const LINE_MESSAGES_PER_REQUEST = 5;

/** Max user ids per multicast (https://developers.line.biz/en/reference/messaging-api/#send-multicast-message; spec `maxItems: 500`). */
export const LINE_MULTICAST_MAX = 500;

/** Max characters of a media URL (https://developers.line.biz/en/reference/messaging-api/#image-message). */
export const LINE_MEDIA_URL_MAX = 2000;

/**
 * How often the core polls narrowcast progress. LINE documents no interval; 2 s keeps well
 * under the 2000 req/s "other endpoints" limit (https://developers.line.biz/en/reference/messaging-api/#rate-limits).
 */
export const NARROWCAST_POLL_INTERVAL_MS = 2000;

/**
 * How long the core polls narrowcast progress before giving up: 10 minutes, our choice
 * (https://developers.line.biz/en/reference/messaging-api/#get-narrowcast-progress-status gives no bound).
 */
export const NARROWCAST_POLL_TIMEOUT_MS = 600_000;
