/** How failed requests are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = fail fast). Default 5. */
  retries: number;
  /** Backoff before the first retry, in ms. Default 500. */
  minDelayMs: number;
  /** Cap of the exponential backoff, in ms. Default 30,000. */
  maxDelayMs: number;
  /**
   * The longest single wait Herald accepts, in ms, including a platform's Retry-After /
   * `retry_after` / reset time; a platform asking for more fails with a `RateLimitError`.
   * Default 120,000.
   */
  maxWaitMs: number;
}

/** Defaults in the spirit of stripe-node and Octokit: a few retries, capped exponential backoff. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 5,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 120_000,
};

/**
 * The wait before retry number `retry` (1-based): exponential backoff with "full jitter"
 * (AWS Architecture Blog, "Exponential Backoff And Jitter"), capped at `maxDelayMs`, and never
 * shorter than what the platform asked for.
 */
export function retryDelay(
  policy: RetryPolicy,
  retry: number,
  platformWaitMs: number | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (retry - 1));
  const backoff = policy.minDelayMs / 2 + random() * (ceiling - policy.minDelayMs / 2);
  return Math.max(Math.round(backoff), platformWaitMs ?? 0);
}
