import type { LimitRule } from "../contract.js";

const RATE_LIMITS_DOC = "https://docs.x.com/x-api/fundamentals/rate-limits";

/**
 * X's documented per-user rate limits (PLATFORMS.md "X" row, docs.x.com rate limits):
 * `POST /2/tweets` 100 requests per 15 minutes per user; Direct Messages 200 per 15 minutes per
 * user. The 24-hour limits (10,000 posts per app, 1,000 DMs per user, and a plan's own caps) are
 * learned from the `x-user-limit-24hour-*` and `x-app-limit-24hour-*` headers instead: Herald
 * pauses the account when they say nothing is left. Media upload limits are not published per
 * endpoint: they too are learned from `x-rate-limit-*`.
 */
export const X_LIMITS: readonly LimitRule[] = [
  // POST /2/tweets: 100 requests / 15 min per user (PLATFORMS.md; docs.x.com rate limits)
  { scope: "route", route: "tweets", max: 100, perMs: 900_000, source: RATE_LIMITS_DOC },
  // POST /2/dm_conversations/with/:participant_id/messages: 200 / 15 min per user (PLATFORMS.md)
  { scope: "route", route: "dm", max: 200, perMs: 900_000, source: RATE_LIMITS_DOC },
  // DELETE /2/tweets/:id: 50 requests / 15 min per user (docs.x.com rate limits)
  { scope: "route", route: "tweets-delete", max: 50, perMs: 900_000, source: RATE_LIMITS_DOC },
  // GET /2/tweets: 900 requests / 15 min per user (docs.x.com rate limits)
  { scope: "route", route: "tweets-lookup", max: 900, perMs: 900_000, source: RATE_LIMITS_DOC },
];

/** Weighted length of a post (twitter-text v3 maxWeightedTweetLength; PLATFORMS.md "X" row). */
export const MAX_POST_LENGTH = 280;
/** Characters of a Direct Message (PLATFORMS.md "X" row: "DMs 10,000 chars"). */
export const MAX_DM_LENGTH = 10_000;
/** Media per post (CreatePostsMedia.media_ids maxItems 4 in ../shared/specs/x/openapi.json). */
export const MAX_MEDIA = 4;
/** Alt text (CreateMediaMetadataMetadataAltText.text maxLength 1000 in the X OpenAPI spec). */
export const MAX_ALT_TEXT = 1000;
/** Poll options: 2–4 (CreatePostsPoll.options minItems/maxItems in the X OpenAPI spec). */
export const POLL_OPTIONS = { min: 2, max: 4 } as const;
/** Poll option length: 1–25 characters (CreatePostsPoll.options.items in the X OpenAPI spec). */
export const POLL_OPTION_LENGTH = 25;
/** Poll duration: 5–10,080 minutes (CreatePostsPoll.duration_minutes in the X OpenAPI spec). */
export const POLL_MINUTES = { min: 5, max: 10_080, fallback: 1_440 } as const;

/**
 * Upload size limits (https://docs.x.com/x-api/media: "Image: 5 MB, GIF: 15 MB, Video: 512 MB").
 * MB read as MiB here, the larger reading: X refuses what is too large itself.
 */
export const MAX_MEDIA_BYTES = {
  image: 5 * 1024 * 1024,
  gif: 15 * 1024 * 1024,
  video: 512 * 1024 * 1024,
} as const;
/**
 * Bytes per APPEND segment: X takes at most 5 MB per chunk
 * (docs.x.com POST media/upload APPEND: "It must be <= 5 MB"); 4 MiB stays under it.
 */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Polling a video or GIF while X processes it (GET /2/media/upload?command=STATUS). X suggests
 * `check_after_secs` (usually 1–5 s) in each answer; Herald polls at a fixed pace, our choice:
 * every 5 s, for up to 10 minutes (long videos).
 */
export const MEDIA_POLL = { intervalMs: 5_000, timeoutMs: 600_000 } as const;
