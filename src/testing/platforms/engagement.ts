/**
 * Engagement that grows with a post's age, the same for the same post id and metric: what the
 * simulated platforms report as likes, views or impressions. Deterministic: it hashes the post
 * id (itself seeded) and reads the age from the simulator's clock, so a test that advances a
 * manual clock sees counts grow and can compute what the platform counted.
 */

/** Counts per hour of age a metric gains on average (ours: plausible ratios, not a platform's). */
export const ENGAGEMENT_PER_HOUR = {
  impressions: 400,
  reach: 250,
  views: 120,
  likes: 12,
  replies: 3,
  shares: 4,
  quotes: 1,
  saves: 2,
  clicks: 9,
  profileClicks: 2,
} as const;

/** A metric the simulator grows. */
export type GrownMetric = keyof typeof ENGAGEMENT_PER_HOUR;

/** FNV-1a over the UTF-16 code units: a stable 32-bit hash. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hours after which growth slows: half of it comes in the first day (ours). */
const SATURATION_HOURS = 24;

/**
 * The count of `metric` for post `id` created at `createdAt`, seen at `now` (ms): 0 at
 * creation, never decreasing, each post with its own rate (0.5 to 1.5 times the average).
 */
export function grownCount(
  id: string,
  metric: GrownMetric,
  createdAt: number,
  now: number,
): number {
  const hours = Math.max(0, now - createdAt) / 3_600_000;
  const factor = 0.5 + hash(`${id}|${metric}`) / 2 ** 32;
  const rate = ENGAGEMENT_PER_HOUR[metric] * factor;
  // saturating growth: rate × h for small h, slowing past SATURATION_HOURS
  return Math.floor((rate * hours) / (1 + hours / SATURATION_HOURS));
}

/** Counts an audience gains per hour on average (ours: plausible, not a platform's). */
export const AUDIENCE_PER_HOUR = { followers: 3, following: 0.1, posts: 0.2, views: 150 } as const;

/** When every simulated account was created: 2025-01-01, as the simulated profiles say. */
export const AUDIENCE_EPOCH = Date.parse("2025-01-01T00:00:00Z");

/**
 * The size of an account's audience at `now`: grows steadily from {@link AUDIENCE_EPOCH}, each
 * account (`key`) at its own rate (0.5 to 1.5 times the average). Deterministic.
 */
export function audienceCount(
  key: string,
  metric: keyof typeof AUDIENCE_PER_HOUR,
  now: number,
): number {
  const hours = Math.max(0, now - AUDIENCE_EPOCH) / 3_600_000;
  const factor = 0.5 + hash(`${key}|${metric}`) / 2 ** 32;
  return Math.floor(AUDIENCE_PER_HOUR[metric] * factor * hours);
}
