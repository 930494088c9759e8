import type { LimitRule } from "../contract.js";

const RATE_LIMITS_DOC = "https://docs.joinmastodon.org/api/rate-limits/";

/**
 * Mastodon's default rate limits (an instance can configure others): 300 requests per
 * 5 minutes per account, and 30 media uploads per 30 minutes.
 */
export const MASTODON_LIMITS: readonly LimitRule[] = [
  // 300 requests / 5 minutes per account (docs.joinmastodon.org/api/rate-limits/)
  { scope: "account", max: 300, perMs: 300_000, source: RATE_LIMITS_DOC },
  // POST /api/v1/media and /api/v2/media: 30 / 30 minutes (docs.joinmastodon.org/api/rate-limits/)
  { scope: "route", route: "media", max: 30, perMs: 1_800_000, source: RATE_LIMITS_DOC },
  // DELETE /api/v1/statuses/:id: 30 / 30 minutes (docs.joinmastodon.org/api/rate-limits/)
  { scope: "route", route: "delete-status", max: 30, perMs: 1_800_000, source: RATE_LIMITS_DOC },
];

/** Default `max_characters` (https://docs.joinmastodon.org/entities/Instance/, configuration.statuses). */
export const DEFAULT_MAX_CHARACTERS = 500;
/** Default `characters_reserved_per_url` (https://docs.joinmastodon.org/entities/Instance/). */
export const DEFAULT_CHARACTERS_PER_URL = 23;
/** Default `max_media_attachments` (https://docs.joinmastodon.org/entities/Instance/). */
export const DEFAULT_MAX_MEDIA = 4;
/** `scheduled_at` must be at least 5 minutes ahead (https://docs.joinmastodon.org/methods/statuses/#create). */
export const MIN_SCHEDULE_AHEAD_MS = 5 * 60_000;
