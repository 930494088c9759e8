import type { LimitRule } from "../contract.js";

/** Base URL of LinkedIn's versioned REST API (https://learn.microsoft.com/en-us/linkedin/marketing/versioning). */
export const LINKEDIN_BASE_URL = "https://api.linkedin.com/rest";

/**
 * The `Linkedin-Version` (YYYYMM) the adapter sends unless told otherwise: July 2026. Monthly
 * versions are supported "for a minimum of one year" and answer 426 once sunset
 * (https://learn.microsoft.com/en-us/linkedin/marketing/versioning): pin the one you tested.
 */
export const LINKEDIN_VERSION = "202607";

/** `X-Restli-Protocol-Version` the REST API expects (https://learn.microsoft.com/en-us/linkedin/marketing/versioning). */
export const RESTLI_PROTOCOL_VERSION = "2.0.0";

const RATE_LIMITS_DOC =
  "https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits";
const DAY_MS = 86_400_000;

/**
 * Default limits per member. LinkedIn does not publish its numbers: "per-app and per-member daily
 * limits, reset at midnight UTC" (RATE_LIMITS_DOC; each app sees its own in the Developer Portal's
 * Analytics). Both rules are unconfirmed defaults: override them with what your app's analytics
 * page shows. The account rule is also what a 429 pauses, so every request of the member waits.
 */
export const LINKEDIN_LIMITS: readonly LimitRule[] = [
  // unconfirmed: the figure long given for member shares, 150 per member per day (RATE_LIMITS_DOC)
  {
    scope: "route",
    route: "posts",
    max: 150,
    perMs: DAY_MS,
    source: `${RATE_LIMITS_DOC} (unconfirmed: 150 posts per member per day)`,
  },
  // unconfirmed: the application-wide daily figure long given, applied per member as a ceiling
  {
    scope: "account",
    max: 100_000,
    perMs: DAY_MS,
    source: `${RATE_LIMITS_DOC} (unconfirmed: 100,000 calls per day)`,
  },
];

/** Longest commentary: 3000 characters (PLATFORMS.md; LinkedIn's composer limit, unconfirmed in the API reference). */
export const DEFAULT_MAX_CHARACTERS = 3000;

/**
 * Images in a post: one as `content.media`, 2 to 20 as `content.multiImage`
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/multiimage-post-api).
 */
export const MULTI_IMAGE_MAX = 20;
