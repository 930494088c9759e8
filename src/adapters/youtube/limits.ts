import type { LimitRule, QuotaRule } from "../contract.js";

/** Where the quota numbers come from. */
const QUOTA_SOURCE = "https://developers.google.com/youtube/v3/determine_quota_cost";

/** The quota buckets of a Google Cloud project using the YouTube Data API. */
export const YOUTUBE_QUOTA_BUCKETS = {
  /** 10,000 units a day for every method but `search.list` and `videos.insert` (PLATFORMS.md "YouTube"). */
  units: "units",
  /** `videos.insert` has a bucket of its own: 100 calls a day, 1 per call (determine_quota_cost). */
  uploads: "videos.insert",
} as const;

/**
 * The default daily quotas: "Projects that enable the YouTube Data API have a default quota
 * allocation of 100 search.list calls, 100 videos.insert calls, and 10,000 units per day
 * combined for all other endpoints ... Daily quotas reset at midnight Pacific Time (PT)."
 * Pass `quotas` to the factory when Google granted your project more.
 */
export const YOUTUBE_QUOTAS: readonly QuotaRule[] = [
  {
    bucket: YOUTUBE_QUOTA_BUCKETS.units,
    units: 10_000,
    timeZone: "America/Los_Angeles",
    source: QUOTA_SOURCE,
  },
  {
    bucket: YOUTUBE_QUOTA_BUCKETS.uploads,
    units: 100,
    timeZone: "America/Los_Angeles",
    source: QUOTA_SOURCE,
  },
];

/** Units per call (determine_quota_cost: videos.insert 1 in its own bucket; comments.insert and commentThreads.insert 50). */
export const YOUTUBE_COSTS = {
  upload: { [YOUTUBE_QUOTA_BUCKETS.uploads]: 1 },
  comment: { [YOUTUBE_QUOTA_BUCKETS.units]: 50 },
} as const;

/**
 * YouTube publishes no per-second request limits for these methods, only the daily quotas
 * above; no window rules by default (pass `limits` to add your own).
 */
export const YOUTUBE_LIMITS: readonly LimitRule[] = [];

/** Title: at most 100 characters, no `<` or `>` (developers.google.com/youtube/v3/docs/videos#snippet.title). */
export const MAX_TITLE = 100;
/** Description: at most 5000 bytes, no `<` or `>` (developers.google.com/youtube/v3/docs/videos#snippet.description). */
export const MAX_DESCRIPTION_BYTES = 5000;
/**
 * Tags: 500 characters in all, the commas between tags counted, and a tag holding a space counted
 * with the quotation marks the API puts around it (developers.google.com/youtube/v3/docs/videos#snippet.tags[]).
 */
export const MAX_TAGS_LENGTH = 500;
/**
 * Pieces of a resumable upload must be multiples of 256 KiB, the last excepted
 * (developers.google.com/youtube/v3/guides/using_resumable_upload_protocol, "Upload the video in chunks").
 */
export const UPLOAD_GRANULE = 256 * 1024;
/** Default piece size: 32 granules (8 MiB), our choice (Google suggests a few MiB or more). */
export const DEFAULT_CHUNK_BYTES = 32 * UPLOAD_GRANULE;
/** Top-level comment and reply text: at most 10,000 characters (docs/comments#snippet.textOriginal; unconfirmed, our reading). */
export const MAX_COMMENT = 10_000;
